# Shared by the gdb end-to-end scripts: fail with the logs, and start an
# irqsim command under --gdb 0, setting $pid and $port once it listens.
fail() {
    echo "FAIL: $*"
    echo "--- gdb output:"; cat gdb.out 2>/dev/null || true
    echo "--- irqsim stderr:"; cat irqsim.err 2>/dev/null || true
    exit 1
}

# start_with_gdb OUT COMMAND...: runs COMMAND --gdb 0 > OUT in the background.
start_with_gdb() {
    local out=$1
    shift
    : > irqsim.err  # there before the background job opens it, for the poll below
    "$@" --gdb 0 > "$out" 2>> irqsim.err &
    pid=$!
    trap 'kill $pid 2>/dev/null || true' EXIT
    port=""
    for _ in $(seq 1 200); do
        port=$(sed -n 's/^waiting for gdb on 127\.0\.0\.1:\([0-9]*\)$/\1/p' irqsim.err)
        [[ -n $port ]] && return 0
        kill -0 $pid 2>/dev/null || fail "irqsim exited before listening"
        sleep 0.05
    done
    fail "irqsim never printed 'waiting for gdb on 127.0.0.1:PORT'"
}
