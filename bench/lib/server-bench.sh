# Sourced by bench/server.sh and bench/reconcile.sh: runs one of drydock-server's benchmark classes.
# server_bench NAME CLASS BACKEND IMAGES — compiles this checkout, builds the test classpath once, runs
# dev.drydock.bench.CLASS BACKEND WORKDIR IMAGES with a heading, and keeps the result in
# bench/results/NAME-BACKEND-<date>.md. BENCH_JAVA_OPTS adds JVM options (e.g. a flight recording).
server_bench() {
  local name=$1 class=$2 backend=$3 n=$4
  local work=$root/bench/work/$name out=$root/bench/results
  mkdir -p "$work" "$out"
  . "$root/.mvn/find-jdk.sh"
  cd "$root"
  ./mvnw -o -q -B -ntp -pl drydock-server -am test-compile
  local cpargs=(-q -B -ntp -pl drydock-server dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test)
  ./mvnw -o "${cpargs[@]}" >/dev/null 2>&1 || ./mvnw "${cpargs[@]}" >/dev/null
  # this checkout's own classes first, ahead of any drydock-core jar in the local repository
  local cp="drydock-server/target/test-classes:drydock-server/target/classes:drydock-core/target/classes:drydock-core/target/test-classes:$(cat "$work/classpath.txt")"
  {
    echo "### $class, $backend, $n images, $(date -u +%Y-%m-%d) — $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
    echo
    "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -Xmx8g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -cp "$cp" \
      "dev.drydock.bench.$class" "$backend" "$work" "$n"
  } | tee "$out/$name-$backend-$(date -u +%Y%m%d).md"
}
