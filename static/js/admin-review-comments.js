/* Reviewers' comments on the edit form: each is moved from the list at the top to
   beside the field it is on, or above the row, so the editor reads it where they make
   the change. A file of its own because the Content-Security-Policy allows scripts only
   from our own files. Without it the comments stay listed at the top, which still works:
   each "Mark resolved" button posts its own form, named by its `form` attribute. */
(function () {
  "use strict";

  const form = document.querySelector("#content-main form[id$='_form']");
  const holder = document.getElementById("review-comments-beside");
  if (!form || !holder) {
    return;
  }

  function rowOf(section, rowId) {
    const group = document.getElementById(section + "-group");
    if (!group) {
      return null;
    }
    const idInput = Array.from(group.querySelectorAll("input[type=hidden][name$='-id']")).find(
      (input) => input.value === rowId && /^.+-\d+-id$/.test(input.name)
    );
    return idInput ? idInput.closest("tr.form-row, .inline-related") : null;
  }

  function fieldRowOf(key) {
    // "evidence.score" may be edited as "evidence_score" or as "score".
    const names = [key, key.replace(/\./g, "_"), key.split(".").pop()];
    for (const name of names) {
      const row = form.querySelector(".form-row.field-" + CSS.escape(name));
      if (row) {
        return row;
      }
    }
    return null;
  }

  function placeAboveRow(note, row) {
    if (row.tagName === "TR") {
      const line = document.createElement("tr");
      line.className = "review-comments-row";
      const cell = document.createElement("td");
      cell.colSpan = row.children.length;
      cell.appendChild(note);
      line.appendChild(cell);
      row.parentNode.insertBefore(line, row);
    } else {
      row.parentNode.insertBefore(note, row);
    }
  }

  holder.querySelectorAll(".review-comment[data-field]").forEach((note) => {
    const key = note.dataset.field;
    if (note.dataset.rowId) {
      const row = rowOf(key, note.dataset.rowId);
      if (row) {
        placeAboveRow(note, row);
      }
      return;
    }
    const fieldRow = fieldRowOf(key);
    if (fieldRow) {
      fieldRow.appendChild(note);
      return;
    }
    const group = document.getElementById(key + "-group");
    const heading = group && group.querySelector("h2");
    if (heading) {
      heading.after(note);
    }
  });
  if (!holder.querySelector(".review-comment")) {
    holder.hidden = true;
  }
})();
