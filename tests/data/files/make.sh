#!/usr/bin/env bash
# Makes the committed document fixtures (corpus/files/ and tests/data/files/) from
# the texts in make.py. Needs python3, a C compiler with cairo, and LibreOffice
# (libreoffice-writer-nogui) for the text PDF, the encrypted PDF and the .doc. CI
# does not run this: the files are committed. Run from anywhere:
#   bash tests/data/files/make.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=$root/corpus/files
tests=$here

python3 "$here/make.py" "$root" "$work"

cc -O2 -o "$work/mkscan" "$here/mkscan.c" $(pkg-config --cflags --libs cairo cairo-pdf)
"$work/mkscan" "$work/scan.txt" "$corpus/quyet-dinh-phe-duyet-danh-muc-scan.pdf"

lo() { soffice -env:UserInstallation=file://$work/lo --headless "$@" >/dev/null; }
lo --convert-to pdf --outdir "$work" "$work/bien-ban-nghiem-thu-lua-chiu-man.odt"
lo --convert-to doc --outdir "$work" "$work/cong-van-bao-cao-ket-qua.docx"
cp "$work/bien-ban-nghiem-thu-lua-chiu-man.pdf" "$corpus/"
cp "$work/cong-van-bao-cao-ket-qua.doc" "$corpus/"
lo --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"matkhau"}}' \
   --outdir "$work/enc" "$work/bien-ban-nghiem-thu-lua-chiu-man.odt"
cp "$work/enc/bien-ban-nghiem-thu-lua-chiu-man.pdf" "$tests/encrypted.pdf"
# Damaged: the first 40% of a good PDF (its cross-reference table is at the end).
pdf=$corpus/bien-ban-nghiem-thu-lua-chiu-man.pdf
head -c $(( $(stat -c %s "$pdf") * 2 / 5 )) "$pdf" > "$tests/truncated.pdf"
ls -l "$corpus" "$tests"
