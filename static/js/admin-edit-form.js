/* The content edit form in the admin: a warning before unsaved edits are lost, and
   rows of the inlines reordered with "Move up" / "Move down" buttons or by dragging
   instead of typed positions. A file of its own because the Content-Security-Policy
   allows scripts only from our own files. The server numbers rows from the positions
   this writes, and without this script from the order the rows were added in. */
(function () {
  "use strict";

  const form = document.querySelector("#content-main form[id$='_form']");
  if (!form) {
    return;
  }

  // Unsaved edits: any change in the form until it is submitted.
  // Scripts setting up the page (select2, prepopulated slugs) fire change events too:
  // only what the person does counts.
  let unsaved = false;
  const markUnsaved = () => { unsaved = true; };
  const markIfPerson = (event) => { if (event.isTrusted) { markUnsaved(); } };
  form.addEventListener("input", markIfPerson);
  form.addEventListener("change", markIfPerson);
  document.addEventListener("formset:added", markUnsaved);
  document.addEventListener("formset:removed", markUnsaved);
  if (window.django && window.django.jQuery) {
    // The study pickers (select2) announce a person's choice through jQuery only.
    window.django.jQuery(form).on("select2:select select2:unselect", "select", markUnsaved);
  }
  form.addEventListener("submit", () => { unsaved = false; });
  window.addEventListener("beforeunload", (event) => {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";  // older browsers show the dialog only when this is set
    }
  });

  // The pickers (select2 makes them) are named by their field's label: select2 names
  // a box by its chosen value only, so an empty box would have no name at all.
  function nameSearchBoxes() {
    form.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      const label = select.id && form.querySelector("label[for='" + select.id + "']");
      const name = select.getAttribute("aria-label") || (label ? label.textContent.replace(/:\s*$/, "").trim() : "");
      const box = container.querySelector(".select2-search__field");
      if (box && name && !box.hasAttribute("aria-label")) {
        box.setAttribute("aria-label", name);
      }
      const combobox = container.querySelector(".select2-selection[role=combobox]");
      const chosen = container.querySelector(".select2-selection__rendered[id]");
      if (combobox && chosen && label) {
        label.id = label.id || select.id + "-label";
        combobox.setAttribute("aria-labelledby", label.id + " " + chosen.id);
        chosen.setAttribute("aria-labelledby", label.id);
      } else if (combobox && name && !combobox.hasAttribute("aria-label")) {
        combobox.setAttribute("aria-label", name);
      }
    });
  }
  if (window.django && window.django.jQuery) {
    window.django.jQuery(() => {
      nameSearchBoxes();
      window.django.jQuery(form).on("select2:select select2:unselect change", "select", nameSearchBoxes);
    });
  }
  document.addEventListener("formset:added", () => setTimeout(nameSearchBoxes));

  // Row order.
  const status = document.createElement("p");
  status.className = "visually-hidden row-order-status";
  status.setAttribute("role", "status");
  form.prepend(status);

  function rowsOf(group) {
    return Array.from(group.querySelectorAll(".form-row[id], .inline-related[id]")).filter(
      (row) => !row.classList.contains("empty-form") && row.querySelector("input[name$='-position']")
    );
  }

  function nameOf(row, index) {
    const original = row.querySelector("td.original p, h3 .inline_label");
    let text = original ? original.textContent.trim() : "";
    if (!text || text.startsWith("#")) {
      const field = row.querySelector("input[type=text], textarea, select:not([multiple])");
      text = field ? (field.tagName === "SELECT" ? field.selectedOptions[0]?.text || "" : field.value).trim() : "";
    }
    return (text || "row " + (index + 1)).slice(0, 80);
  }

  function renumber(group) {
    const rows = rowsOf(group);
    rows.forEach((row, index) => {
      row.querySelector("input[name$='-position']").value = index;
      const name = nameOf(row, index);
      const up = row.querySelector(".row-move-up");
      const down = row.querySelector(".row-move-down");
      up.setAttribute("aria-label", "Move up: " + name);
      down.setAttribute("aria-label", "Move down: " + name);
      up.disabled = index === 0;
      down.disabled = index === rows.length - 1;
    });
  }

  function move(button, step) {
    const row = button.closest(".form-row[id], .inline-related[id]");
    const group = row.closest(".inline-group");
    const rows = rowsOf(group);
    const index = rows.indexOf(row);
    const target = rows[index + step];
    if (!target) {
      return;
    }
    if (step < 0) {
      target.before(row);
    } else {
      target.after(row);
    }
    renumber(group);
    markUnsaved();
    // Keep the keyboard where it was, unless that button is now at the end of the list.
    const again = row.querySelector(step < 0 ? ".row-move-up" : ".row-move-down");
    (again.disabled ? row.querySelector(step < 0 ? ".row-move-down" : ".row-move-up") : again).focus();
    status.textContent = nameOf(row, index + step) + ": now " + (index + step + 1) + " of " + rows.length + ".";
  }

  function addControls(row) {
    if (row.querySelector(".row-move") || !row.querySelector("input[name$='-position']")) {
      return;
    }
    const controls = document.createElement("span");
    controls.className = "row-move";
    for (const [step, cls, text] of [[-1, "row-move-up", "↑"], [1, "row-move-down", "↓"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "row-move-button " + cls;
      button.textContent = text;
      button.addEventListener("click", () => move(button, step));
      controls.append(button);
    }
    // For the mouse: drag the row by its handle. The buttons do the same from the keyboard.
    const handle = document.createElement("span");
    handle.className = "row-drag-handle";
    handle.textContent = "⠿";
    handle.title = "Drag to move";
    handle.setAttribute("aria-hidden", "true");
    handle.draggable = true;
    handle.addEventListener("dragstart", (event) => {
      dragged = row;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
      event.dataTransfer.setDragImage(row, 0, 0);
    });
    handle.addEventListener("dragend", () => { dragged = null; });
    row.addEventListener("dragover", (event) => {
      if (dragged && dragged !== row && dragged.parentElement === row.parentElement) {
        event.preventDefault();
      }
    });
    row.addEventListener("drop", (event) => {
      if (!dragged || dragged === row || dragged.parentElement !== row.parentElement) {
        return;
      }
      event.preventDefault();
      const box = row.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) {
        row.before(dragged);
      } else {
        row.after(dragged);
      }
      const group = row.closest(".inline-group");
      renumber(group);
      markUnsaved();
      const rows = rowsOf(group);
      const index = rows.indexOf(dragged);
      status.textContent = nameOf(dragged, index) + ": now " + (index + 1) + " of " + rows.length + ".";
      dragged = null;
    });
    controls.prepend(handle);
    const place = row.querySelector("td.delete") || row.querySelector("h3");
    place.append(controls);
  }
  let dragged = null;

  function setUp(group) {
    rowsOf(group).forEach(addControls);
    renumber(group);
  }

  const groups = Array.from(form.querySelectorAll(".inline-group")).filter(
    (group) => group.querySelector("input[name$='-position']")
  );
  groups.forEach(setUp);
  document.addEventListener("formset:added", (event) => {
    const group = event.target.closest(".inline-group");
    if (group && groups.includes(group)) {
      setUp(group);
    }
  });
  document.addEventListener("formset:removed", (event) => {
    const group = document.getElementById(event.detail.formsetName + "-group");
    if (group && groups.includes(group)) {
      renumber(group);
    }
  });
})();
