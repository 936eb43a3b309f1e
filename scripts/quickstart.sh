#!/usr/bin/env bash
# One command on a fresh Debian machine with Node.js 20: installs everything exposure-scanner uses,
# builds it, and runs the demo (a synthetic persona scanned against the offline replica farm).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
npm ci --no-audit --no-fund
npm run build
bin/exposure-scanner demo --out demo-report
echo "Open demo-report/report.html in a browser (report.pdf, report.csv and report.json are beside it)."
