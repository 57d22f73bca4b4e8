#!/usr/bin/env bash
# test_install.sh BUILD_DIR TESTS_SOURCE_DIR TMPDIR - install into a scratch prefix, then build
# the README's example against it three ways (CMake shared, CMake static, pkg-config) and run
# the installed CLI, which must find the installed default database by itself.
set -u
build=$1 src=$2 tmp=$3
prefix=$tmp/install-prefix
pass=0 fail=0
check() { # check NAME COMMAND...
    local name=$1
    shift
    if "$@" >"$tmp/install-check.out" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAILED: $name"
        sed 's/^/    /' "$tmp/install-check.out"
    fi
}
expect() { # expect NAME PATTERN COMMAND...: COMMAND succeeds and prints PATTERN
    local name=$1 pat=$2
    shift 2
    check "$name" bash -c '"$@" | tee /dev/stderr | grep -q -- "$0"' "$pat" "$@"
}
rm -rf "$prefix" "$tmp/example-build"
check "cmake --install" cmake --install "$build" --prefix "$prefix"
db=$prefix/share/skylane/luohu.sqlite
check "default database installed read-only" bash -c "[ -f '$db' ] && [ ! -w '$db' -o \$(id -u) -eq 0 ] && [ \$(stat -c %a '$db') = 444 ]"
check "configure example" cmake -S "$src/install" -B "$tmp/example-build" -DCMAKE_PREFIX_PATH="$prefix"
check "build example" cmake --build "$tmp/example-build"
expect "example (shared)" "16 zones (3 prohibited), 42 vertiports" "$tmp/example-build/example" "$db"
expect "example (static)" "16 zones (3 prohibited), 42 vertiports" "$tmp/example-build/example_static" "$db"
libdir=$(find "$prefix" -name skylane.pc -printf '%h\n' | head -n 1)
check "pkg-config build" bash -c "cc -std=c11 '$src/install/example.c' -o '$tmp/example-pc' \$(PKG_CONFIG_PATH='$libdir' pkg-config --define-variable=prefix='$prefix' --cflags --libs skylane) -Wl,-rpath,'$libdir/..'"
expect "example (pkg-config)" "16 zones" "$tmp/example-pc" "$db"
expect "installed CLI finds its default database" "vertiports      42" env -u SKYLANE_DB "$prefix/bin/skylane" info
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
