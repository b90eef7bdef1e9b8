# The two commands a new user needs:
#   make run   set up, load demo content and demo users, serve http://127.0.0.1:8000
#   make test  set up and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run varnish test prove setup lint demo worker beat clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The site behind Varnish, as production runs it: http://127.0.0.1:6081 in front of the app
# on :8000, purged on every publication and take-down. Needs Debian's varnish and
# varnish-modules (see "Running behind Varnish" in the README); `make run` needs neither.
VARNISH_DIR ?= /tmp/compound-cms-varnish
varnish: export PATH := $(PATH):/usr/sbin
varnish: demo
	@command -v varnishd >/dev/null || { echo "Install Varnish first: apt-get install varnish varnish-modules"; exit 1; }
	mkdir -p $(VARNISH_DIR)
	varnishd -j none -n $(VARNISH_DIR) -a 127.0.0.1:6081 -T none -s malloc,256m \
		-f $(CURDIR)/deploy/varnish/default.vcl -P $(VARNISH_DIR)/varnishd.pid; \
	trap 'kill $$(cat $(VARNISH_DIR)/varnishd.pid)' EXIT INT TERM; \
	FRONTEND_CACHE_PURGE_URLS=http://127.0.0.1:6081/ SITE_URL=http://127.0.0.1:6081 \
		$(BIN)/python manage.py runserver 127.0.0.1:8000

test: setup
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The stateful invariant test with many more examples than CI runs: make prove EXAMPLES=5000
prove: setup
	INVARIANT_EXAMPLES=$(or $(EXAMPLES),2000) $(BIN)/pytest -n 2 -p no:cacheprovider tests/reviews/test_invariants_stateful.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: setup
	$(BIN)/celery -A cms worker --loglevel=INFO

beat: setup
	$(BIN)/celery -A cms beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
