#!/bin/sh
# The aliases of the section 3 pages, derived from the pages: every name a
# page lists under NAME that has no page of its own is an alias of that
# page, installed as a symbolic link to it (which, unlike .so, man -l
# follows from anywhere).  So a new builder (egg_new.3) needs its name in
# NAME and nothing else.
#   aliases.sh names PAGE                the names its NAME lists, a line each
#   aliases.sh list PAGE...              "alias page" a line
#   aliases.sh install MAN3DIR PAGE...   links the aliases to their pages
#   aliases.sh uninstall MAN3DIR PAGE... removes them
# PAGEs are the pages' paths; those not in section 3 are passed over.
set -eu

# The names a page's NAME section lists, a line each.
names_of()
{
	awk '/^\.SH/ { in_name = ($2 == "NAME"); next } in_name { printf "%s ", $0 }' "$1" |
		sed 's/\\-.*//; s/,/ /g' | tr -s ' ' '\n' | sed '/^$/d'
}

list()
{
	pages=
	for p in "$@"; do
		case $p in *.3) pages="$pages ${p##*/}" ;; esac
	done
	for p in "$@"; do
		case $p in *.3) ;; *) continue ;; esac
		for name in $(names_of "$p"); do
			case " $pages " in
			*" $name.3 "*) ;;
			*) echo "$name ${p##*/}" ;;
			esac
		done
	done
}

cmd=${1:?usage: aliases.sh names|list|install|uninstall [MAN3DIR] PAGE...}
shift
case $cmd in
names)
	names_of "$1"
	;;
list)
	list "$@"
	;;
install)
	dir=$1
	shift
	mkdir -p "$dir"
	list "$@" | while read -r alias page; do
		ln -sf "$page" "$dir/$alias.3"
	done
	;;
uninstall)
	dir=$1
	shift
	list "$@" | while read -r alias page; do
		rm -f "$dir/$alias.3"
	done
	;;
*)
	echo "aliases.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
