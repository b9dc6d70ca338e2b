# GCM Workbook: thin wrappers around tasks.py (which needs only Python >= 3.11).
#   make report                      # PRT country report on the bundled data
#   make report COUNTRY=KEN LANG_CODE=fr
#   make test                        # the whole test suite
#   make lab                         # JupyterLab on notebooks/
PYTHON ?= python3
COUNTRY ?= PRT
LANG_CODE ?= en

.PHONY: report test test-fast lab data benchmark clean-venv

report:
	$(PYTHON) tasks.py report $(COUNTRY) --lang $(LANG_CODE)

test:
	$(PYTHON) tasks.py test $(PYTEST_ARGS)

test-fast:
	$(PYTHON) tasks.py test -m 'not slow' $(PYTEST_ARGS)

lab:
	$(PYTHON) tasks.py lab

data:
	$(PYTHON) tasks.py gcm data build

benchmark:
	$(PYTHON) tasks.py benchmark

clean-venv:
	rm -rf .venv
