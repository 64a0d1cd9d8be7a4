# Sourced by ./mvnw and ./drydock: make JAVA_HOME point at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then `java` on PATH, then the usual install locations.
drydock_java_major() { # $1 = path of a java binary; prints its feature version
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}
drydock_find_jdk() {
  _cands=""
  # ./mvnw runs with `set -f`; the location globs below need globbing.
  case $- in *f*) _noglob=1; set +f ;; *) _noglob=0 ;; esac
  [ -n "${JAVA_HOME:-}" ] && _cands="$JAVA_HOME"
  if command -v javac >/dev/null 2>&1; then
    _cands="$_cands $(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  fi
  for _d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$_d" ] && _cands="$_cands $_d"
  done
  [ "$_noglob" = 1 ] && set -f
  _best=""
  for _d in $_cands; do
    [ -x "$_d/bin/java" ] && [ -x "$_d/bin/javac" ] || continue
    _v=$(drydock_java_major "$_d/bin/java")
    [ -n "$_v" ] || continue
    if [ "$_v" -ge 21 ]; then
      # The first candidate that qualifies wins, so an explicit JAVA_HOME is respected.
      _best="$_d"; break
    fi
  done
  if [ -z "$_best" ]; then
    echo "drydock needs a JDK 21 or newer and found none (looked at JAVA_HOME, PATH and /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME="$_best"; export JAVA_HOME
}
drydock_find_jdk || exit 1
