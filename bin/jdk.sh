# Sourced by bin/lambassador and .ci/run: exports JAVA_HOME (and PATH) for a JDK 21 or newer,
# trying $JAVA_HOME, then the `java` on PATH, then the newest under /usr/lib/jvm and /opt.
# Fails, saying what to install, when there is none.

lambassador_jdk_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

lambassador_find_jdk() {
  local candidates=() home version
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  while IFS= read -r home; do candidates+=("$home"); done < <(ls -d /usr/lib/jvm/* /opt/*jdk* /opt/java/* 2>/dev/null | sort -rV)
  for home in "${candidates[@]}"; do
    if [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ]; then
      version=$(lambassador_jdk_version "$home")
      if [ -n "$version" ] && [ "$version" -ge 21 ]; then
        echo "$home"
        return 0
      fi
    fi
  done
  echo "Lambassador needs a JDK 21 or newer (javac included); none was found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
  echo "Install one, e.g. 'apt-get install openjdk-21-jdk', or set JAVA_HOME." >&2
  return 1
}

JAVA_HOME="$(lambassador_find_jdk)" || exit 1
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
# Maven's own Guava warns about sun.misc.Unsafe on JDK 24+; allow it there to keep build output readable.
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
