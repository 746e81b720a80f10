# bash completion for contend: subcommands, their flags, workload and scenario names.
# Installed to share/bash-completion/completions/contend.
_contend() {
  local cur prev sub
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  sub=${COMP_WORDS[1]}
  local subs="run list topo compare c2c export"
  if [[ $COMP_CWORD -eq 1 ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$subs --help --version" -- "$cur")
    return
  fi
  case $prev in
    -w|--workload)
      mapfile -t COMPREPLY < <(compgen -W "$(contend list --json 2>/dev/null |
        sed -n 's/^ *"name": "\([a-z_0-9]*\)",\{0,1\}$/\1/p' | sort -u)" -- "$cur")
      return ;;
    --placement)
      mapfile -t COMPREPLY < <(compgen -W "compact cores scatter smt" -- "$cur")
      return ;;
    --home)
      mapfile -t COMPREPLY < <(compgen -W "first interleave node:0" -- "$cur")
      return ;;
    --to)
      mapfile -t COMPREPLY < <(compgen -W "csv gbench markdown" -- "$cur")
      return ;;
    -o|--out)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(contend "$sub" --help 2>/dev/null |
      grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -F _contend contend
