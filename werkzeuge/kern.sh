#!/bin/sh
# KERN UX (@kern-ux/native, EUPL-1.2) holen und prüfen: `make kern`.
# Lädt das npm-Paket der festen Version, prüft dessen Integrität gegen die Registry, legt die
# Release-Dateien (CSS, Schriften, Lizenz) nach kundenportal/static/kern/ und prüft sie gegen
# kundenportal/static/kern/SHA256SUMS. `kern.sh pruefen` prüft nur die eingecheckten Dateien.
set -eu
VERSION=2.7.2
ZIEL="$(cd "$(dirname "$0")/.." && pwd)/kundenportal/static/kern"
DATEIEN="LICENSE.md dist/kern.min.css dist/fonts/fira-sans.css
dist/fonts/fira-sans/FiraSans-Light.woff2 dist/fonts/fira-sans/FiraSans-LightItalic.woff2
dist/fonts/fira-sans/FiraSans-Regular.woff2 dist/fonts/fira-sans/FiraSans-Italic.woff2
dist/fonts/fira-sans/FiraSans-Medium.woff2 dist/fonts/fira-sans/FiraSans-MediumItalic.woff2
dist/fonts/fira-sans/FiraSans-SemiBold.woff2 dist/fonts/fira-sans/FiraSans-SemiBoldItalic.woff2
dist/fonts/fira-sans/FiraSans-Bold.woff2 dist/fonts/fira-sans/FiraSans-BoldItalic.woff2"

pruefen() {
  (cd "$ZIEL" && sha256sum --quiet -c SHA256SUMS) || {
    echo "KERN-Dateien in $ZIEL weichen von SHA256SUMS ab: 'make kern' holt sie neu."; exit 1; }
  echo "KERN UX $VERSION: alle Dateien stimmen mit SHA256SUMS überein."
}

if [ "${1:-}" = pruefen ]; then pruefen; exit 0; fi

command -v npm >/dev/null || { echo "npm fehlt: apt-get install npm (oder Node.js) und erneut 'make kern'."; exit 1; }
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm pack --silent "@kern-ux/native@$VERSION" >/dev/null
erwartet="$(npm view "@kern-ux/native@$VERSION" dist.integrity)"
tatsaechlich="sha512-$(openssl dgst -sha512 -binary kern-ux-native-$VERSION.tgz | base64 -w0)"
[ "$erwartet" = "$tatsaechlich" ] || { echo "Integrität des npm-Pakets stimmt nicht: $tatsaechlich ≠ $erwartet"; exit 1; }
tar xzf "kern-ux-native-$VERSION.tgz"
for d in $DATEIEN; do
  ziel="$ZIEL/${d#dist/}"
  mkdir -p "$(dirname "$ziel")"
  cp "package/$d" "$ziel"; chmod 644 "$ziel"
done
pruefen
