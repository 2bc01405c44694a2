// C++ exceptions thrown through many frames: different types (a class
// hierarchy, int, std::string, the standard exceptions), caught by base
// class, rethrown, nested with std::throw_with_nested, across destructors
// that must run (RAII counters), through frames with callee-saved FP
// registers live, and std::exception_ptr carried out of a catch.
#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

int constructed = 0, destroyed = 0;
struct Guard {
    int id;
    explicit Guard(int i) : id(i) { ++constructed; }
    ~Guard() { ++destroyed; }
};

struct Base : std::exception {
    int depth;
    explicit Base(int d) : depth(d) {}
    const char* what() const noexcept override { return "Base"; }
};
struct Derived : Base {
    using Base::Base;
    const char* what() const noexcept override { return "Derived"; }
};

[[gnu::noinline]] double dive(int depth, int target, int kind, double acc) {
    Guard g(depth);
    double local = acc * 1.001 + depth;  // live across the call, in a callee-saved register
    if (depth == target) {
        switch (kind) {
            case 0: throw Derived(depth);
            case 1: throw depth;
            case 2: throw std::string("string at depth ") + std::to_string(depth);
            case 3: throw std::out_of_range("out of range " + std::to_string(depth));
            case 4: { std::vector<int> v(3); return v.at(static_cast<size_t>(depth)); }
            case 5: throw Base(depth);
            default: throw 3.5;
        }
    }
    return dive(depth + 1, target, kind, local) + local;
}

[[gnu::noinline]] void rethrow_middle(int target, int kind) {
    try {
        dive(0, target, kind, 1.0);
    } catch (...) {
        Guard g(-1);
        throw;  // rethrow the same object
    }
}

void nested(int level) {
    try {
        if (level == 0) throw std::runtime_error("innermost");
        nested(level - 1);
    } catch (...) {
        std::throw_with_nested(std::logic_error("level " + std::to_string(level)));
    }
}

void print_nested(const std::exception& e, int indent) {
    std::printf("%*s%s\n", indent, "", e.what());
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception& inner) {
        print_nested(inner, indent + 2);
    }
}

}  // namespace

int main() {
    for (int kind = 0; kind <= 6; ++kind) {
        for (int target : {0, 1, 17, 300}) {
            try {
                rethrow_middle(target, kind);
                std::printf("kind %d target %d: no exception\n", kind, target);
            } catch (const Derived& e) {
                std::printf("kind %d target %d: Derived depth %d what %s\n", kind, target, e.depth, e.what());
            } catch (const Base& e) {
                std::printf("kind %d target %d: Base depth %d what %s\n", kind, target, e.depth, e.what());
            } catch (int v) {
                std::printf("kind %d target %d: int %d\n", kind, target, v);
            } catch (const std::string& s) {
                std::printf("kind %d target %d: string \"%s\"\n", kind, target, s.c_str());
            } catch (const std::logic_error& e) {
                std::printf("kind %d target %d: logic_error %s\n", kind, target, e.what());
            } catch (...) {
                std::printf("kind %d target %d: something else\n", kind, target);
            }
            std::printf("  guards constructed %d destroyed %d\n", constructed, destroyed);
        }
    }
    try {
        nested(4);
    } catch (const std::exception& e) {
        print_nested(e, 0);
    }
    std::exception_ptr saved;
    try {
        throw std::overflow_error("kept for later");
    } catch (...) {
        saved = std::current_exception();
    }
    try {
        std::rethrow_exception(saved);
    } catch (const std::exception& e) {
        std::printf("exception_ptr: %s\n", e.what());
    }
    try {
        auto p = std::make_unique<std::vector<long>>(static_cast<size_t>(1) << 62);
        std::printf("allocated %zu\n", p->size());
    } catch (const std::bad_alloc& e) {
        std::printf("bad_alloc: %s\n", e.what());
    } catch (const std::length_error& e) {
        std::printf("length_error: %s\n", e.what());
    }
    std::printf("uncaught %d, balance %d\n", std::uncaught_exceptions(), constructed - destroyed);
    return constructed == destroyed ? 0 : 1;
}
