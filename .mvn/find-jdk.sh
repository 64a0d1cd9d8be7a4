# Sourced by ./mvnw and ./drydock: make JAVA_HOME point at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then the JDK of `javac` on PATH, then the usual install locations.
drydock_java_major() { # $1 = a JDK home; prints its feature version
  if [ -f "$1/release" ]; then
    # Reading the release file is instant; starting a JVM per candidate is not.
    sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$1/release" | head -n1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
  fi
}
drydock_find_jdk() {
  _cands=""
  [ -n "${JAVA_HOME:-}" ] && _cands="$JAVA_HOME"
  if command -v javac >/dev/null 2>&1; then
    _cands="$_cands $(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  fi
  # ./mvnw runs with `set -f`; the location globs below need globbing.
  case $- in *f*) _noglob=1; set +f ;; *) _noglob=0 ;; esac
  for _d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$_d" ] && _cands="$_cands $_d"
  done
  [ "$_noglob" = 1 ] && set -f
  _best=""
  for _d in $_cands; do
    [ -x "$_d/bin/java" ] && [ -x "$_d/bin/javac" ] || continue
    _v=$(drydock_java_major "$_d")
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
  # Maven's own libraries use sun.misc.Unsafe; JDK 24+ warns about it on every build unless allowed.
  if [ "$_v" -ge 24 ]; then
    case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; export MAVEN_OPTS ;; esac
  fi
}
drydock_find_jdk || exit 1
