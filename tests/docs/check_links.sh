#!/usr/bin/env bash
# Every relative link in README.md and docs/*.md points at a file or directory
# that exists, and every docs/NAME.md these pages name in their text exists.
# Links to the web (http, https, mailto) and to anchors in the same page are
# not checked; text inside fenced code blocks is not read.
#
#   tests/docs/check_links.sh [SOURCE_DIR]     (default: the repository root)
set -euo pipefail
root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$root"

broken=0
checked=0
for page in README.md docs/*.md; do
    [[ -f $page ]] || continue
    dir="$(dirname "$page")"
    # The page without its fenced code blocks.
    prose="$(awk '/^[[:space:]]*```/ { fenced = !fenced; next } !fenced' "$page")"
    # Markdown links: [text](target), relative to the page.
    while IFS= read -r target; do
        [[ -z $target ]] && continue
        case "$target" in
            http://* | https://* | mailto:* | '#'*) continue ;;
        esac
        path="${target%%#*}"
        checked=$((checked + 1))
        if [[ ! -e $dir/$path ]]; then
            echo "$page: link to '$target': $dir/$path does not exist" >&2
            broken=$((broken + 1))
        fi
    done < <(grep -o '\]([^) ]*' <<<"$prose" | sed 's/^](//' || true)
    # Doc pages named in the text (docs/CASHAPP.md), relative to the repository root.
    while IFS= read -r named; do
        [[ -z $named ]] && continue
        checked=$((checked + 1))
        if [[ ! -e $named ]]; then
            echo "$page: names '$named', which does not exist" >&2
            broken=$((broken + 1))
        fi
    done < <(grep -oE '(^|[^A-Za-z0-9_./-])docs/[A-Za-z0-9_-]+\.md' <<<"$prose" | grep -oE 'docs/[A-Za-z0-9_-]+\.md' | sort -u || true)
done

if ((checked == 0)); then
    echo "no link found under $root: is it the repository root?" >&2
    exit 1
fi
if ((broken > 0)); then
    echo "$broken broken link(s) of $checked" >&2
    exit 1
fi
echo "$checked links and doc names checked, all resolve"
