# GCM Workbook: every target creates the environment it needs (.venv) first.
#   make report            # PRT country report on the bundled data -> outputs/PRT/<run_id>/
#   make test              # the whole test suite
#   make report COUNTRY=KEN LANG=fr
#   make lab               # JupyterLab on notebooks/
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXTRAS ?= test,pdf,dask,widgets
COUNTRY ?= PRT
LANG_CODE ?= en
comma := ,
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d" " -f1)-$(subst $(comma),_,$(EXTRAS))

.PHONY: venv report test test-fast lab data benchmark clean-venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "GCM Workbook needs Python >= 3.11, found " + sys.version' 
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	@rm -f $(VENV)/.installed-*
	@touch $@

report: venv
	$(BIN)/gcm run $(COUNTRY) --lang $(LANG_CODE)

test: venv
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-fast: venv
	$(BIN)/python -m pytest -m 'not slow' $(PYTEST_ARGS)

lab: venv
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/jupyter lab notebooks/

data: venv
	$(BIN)/gcm data build

benchmark: venv
	$(BIN)/python benchmarks/bench_costing.py

clean-venv:
	rm -rf $(VENV)
