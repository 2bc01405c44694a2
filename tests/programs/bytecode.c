// A switch-heavy interpreter of a tiny stack bytecode: GCC compiles the
// dense switch into a jump table (ADR + LDRB/LDRH + ADD + BR). The programs
// count primes, sum Collatz path lengths and compute Fibonacci numbers.
#include "rt.h"

enum op {
    PUSH, POP, DUP, SWAP, OVER, ADD, SUB, MUL, DIV, MOD, AND, OR, XOR, SHL, SHR, NEG, NOT,
    LT, EQ, GT, JMP, JZ, JNZ, LOAD, STORE, INC, DEC, PRINT, HALT, ROT, NOP1, NOP2
};

// Runs `code` and returns the top of stack at HALT.
static i64 run(const i64* prog, i64* vars, u64* steps) {
    i64 stack[64];
    int sp = 0;
    long pc = 0;
    u64 n = 0;
    for (;;) {
        n++;
        i64 op = prog[pc++];
        i64 a, b;
        switch (op) {
        case PUSH: stack[sp++] = prog[pc++]; break;
        case POP: sp--; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        case OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case ROT: a = stack[sp - 3]; stack[sp - 3] = stack[sp - 2]; stack[sp - 2] = stack[sp - 1]; stack[sp - 1] = a; break;
        case ADD: b = stack[--sp]; stack[sp - 1] += b; break;
        case SUB: b = stack[--sp]; stack[sp - 1] -= b; break;
        case MUL: b = stack[--sp]; stack[sp - 1] *= b; break;
        case DIV: b = stack[--sp]; stack[sp - 1] = b ? stack[sp - 1] / b : 0; break;
        case MOD: b = stack[--sp]; stack[sp - 1] = b ? stack[sp - 1] % b : 0; break;
        case AND: b = stack[--sp]; stack[sp - 1] &= b; break;
        case OR: b = stack[--sp]; stack[sp - 1] |= b; break;
        case XOR: b = stack[--sp]; stack[sp - 1] ^= b; break;
        case SHL: b = stack[--sp]; stack[sp - 1] = (i64)((u64)stack[sp - 1] << (b & 63)); break;
        case SHR: b = stack[--sp]; stack[sp - 1] >>= (b & 63); break;
        case NEG: stack[sp - 1] = -stack[sp - 1]; break;
        case NOT: stack[sp - 1] = !stack[sp - 1]; break;
        case LT: b = stack[--sp]; stack[sp - 1] = stack[sp - 1] < b; break;
        case EQ: b = stack[--sp]; stack[sp - 1] = stack[sp - 1] == b; break;
        case GT: b = stack[--sp]; stack[sp - 1] = stack[sp - 1] > b; break;
        case JMP: pc = prog[pc]; break;
        case JZ: pc = stack[--sp] ? pc + 1 : prog[pc]; break;
        case JNZ: pc = stack[--sp] ? prog[pc] : pc + 1; break;
        case LOAD: stack[sp++] = vars[prog[pc++]]; break;
        case STORE: vars[prog[pc++]] = stack[--sp]; break;
        case INC: vars[prog[pc++]]++; break;
        case DEC: vars[prog[pc++]]--; break;
        case PRINT: rt_printf("  vm print %ld\n", stack[--sp]); break;
        case HALT: *steps += n; return sp ? stack[sp - 1] : 0;
        case NOP1: case NOP2: break;
        default: rt_printf("bad opcode %ld at %ld\n", op, pc - 1); rt_exit(3);
        }
    }
}

// A tiny assembler for the bytecode: labels are resolved after emission.
static i64 code[512];
static int code_len;
static int labels[16];
static int fixups[64][2];  // position, label
static int nfixups;
static void emit(i64 v) { code[code_len++] = v; }
static void op1(i64 op, i64 arg) { emit(op); emit(arg); }
static void jump(i64 op, int label) {
    emit(op);
    fixups[nfixups][0] = code_len;
    fixups[nfixups++][1] = label;
    emit(0);
}
static void label(int l) { labels[l] = code_len; }
static const i64* finish(void) {
    for (int i = 0; i < nfixups; i++) code[fixups[i][0]] = labels[fixups[i][1]];
    nfixups = 0;
    code_len = 0;
    return code;
}

// Count primes below vars[0] by trial division: vars 1 = n, 2 = d, 3 = count.
static const i64* primes_prog(void) {
    enum { OUTER, INNER, PRIME, NEXT, DONE };
    op1(PUSH, 2); op1(STORE, 1); op1(PUSH, 0); op1(STORE, 3);
    label(OUTER); op1(LOAD, 1); op1(LOAD, 0); emit(LT); jump(JZ, DONE);
    op1(PUSH, 2); op1(STORE, 2);
    label(INNER); op1(LOAD, 2); op1(LOAD, 2); emit(MUL); op1(LOAD, 1); emit(GT); jump(JNZ, PRIME);
    op1(LOAD, 1); op1(LOAD, 2); emit(MOD); jump(JZ, NEXT); op1(INC, 2); jump(JMP, INNER);
    label(PRIME); op1(INC, 3); emit(NOP1);
    label(NEXT); op1(INC, 1); jump(JMP, OUTER);
    label(DONE); op1(LOAD, 3); emit(HALT);
    return finish();
}

// Sum of Collatz path lengths for 1..vars[0]: vars 1 = i, 2 = x, 3 = total.
static const i64* collatz_prog(void) {
    enum { OUTER, STEP, EVEN, NEXT, DONE };
    op1(PUSH, 1); op1(STORE, 1); op1(PUSH, 0); op1(STORE, 3);
    label(OUTER); op1(LOAD, 1); op1(LOAD, 0); emit(GT); jump(JNZ, DONE);
    op1(LOAD, 1); op1(STORE, 2);
    label(STEP); op1(LOAD, 2); op1(PUSH, 1); emit(EQ); jump(JNZ, NEXT);
    op1(INC, 3); op1(LOAD, 2); op1(PUSH, 1); emit(AND); jump(JZ, EVEN);
    op1(LOAD, 2); op1(PUSH, 3); emit(MUL); op1(PUSH, 1); emit(ADD); op1(STORE, 2); jump(JMP, STEP);
    label(EVEN); op1(LOAD, 2); op1(PUSH, 1); emit(SHR); op1(STORE, 2); jump(JMP, STEP);
    label(NEXT); op1(INC, 1); jump(JMP, OUTER);
    label(DONE); op1(LOAD, 3); emit(HALT);
    return finish();
}

// fib(vars[0]) iteratively, printing every 10th: vars 1 = a, 2 = b, 3 = i.
// Also exercises SWAP, OVER, ROT, XOR, NEG, NOT, DIV and SHL on the way.
static const i64* fib_prog(void) {
    enum { LOOP, SKIP, DONE };
    op1(PUSH, 0); op1(STORE, 1); op1(PUSH, 1); op1(STORE, 2); op1(PUSH, 0); op1(STORE, 3);
    label(LOOP); op1(LOAD, 3); op1(LOAD, 0); emit(LT); jump(JZ, DONE);
    op1(LOAD, 1); op1(LOAD, 2); emit(DUP); op1(STORE, 1); emit(ADD); op1(STORE, 2);
    op1(LOAD, 3); op1(PUSH, 10); emit(MOD); jump(JNZ, SKIP); op1(LOAD, 1); emit(PRINT);
    label(SKIP); op1(INC, 3); jump(JMP, LOOP);
    label(DONE);
    op1(LOAD, 1); op1(PUSH, 7); emit(SWAP); emit(OVER); emit(ROT); emit(XOR); emit(NEG); emit(ADD);
    op1(PUSH, 3); emit(DIV); op1(PUSH, 2); emit(SHL); op1(LOAD, 1); emit(SUB); emit(DUP); emit(NOT); emit(OR);
    emit(NOP2); emit(POP); op1(DEC, 1); op1(LOAD, 1); emit(HALT);
    return finish();
}

int main(int argc, char** argv) {
    long scale = rt_arg_long(argc, argv, 1, 1);
    i64 vars[8];
    u64 steps = 0;
    vars[0] = 3000 * scale;
    i64 primes = run(primes_prog(), vars, &steps);
    rt_printf("primes below %ld: %ld\n", vars[0], primes);
    vars[0] = 2000 * scale;
    i64 collatz = run(collatz_prog(), vars, &steps);
    rt_printf("collatz steps 1..%ld: %ld\n", vars[0], collatz);
    vars[0] = 90;
    i64 fib = run(fib_prog(), vars, &steps);
    rt_printf("fib(90) = %ld\nvm steps %lu\n", fib, steps);
    return 0;
}
