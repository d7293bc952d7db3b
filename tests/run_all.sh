#!/usr/bin/env bash
# The whole test suite on a fresh machine: a virtualenv with the pinned requirements, Debian's
# chromium for the browser test and LibreOffice Calc (headless) for the spreadsheet test (installed when
# missing and we are root, as on CI), then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/soffice ] || ! fc-list 2>/dev/null | grep -qi wenquanyi; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium, a CJK font and LibreOffice Calc for the browser and spreadsheet tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      chromium fonts-wqy-microhei libreoffice-calc-nogui >/dev/null
  else
    echo "warning: chromium or soffice missing and cannot install them (not root): the browser and" \
         "spreadsheet tests will be skipped" >&2
  fi
fi

exec .venv/bin/python -m pytest -q "$@"
