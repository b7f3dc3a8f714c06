// ctgrad/detail/scalar_step.hpp - the executor's steps on rank-0 nodes: one forward
// instruction or one reverse step as a few scalar loads, one rule and one store, into the
// value block v and the adjoint block g (offsets from detail/layout.hpp). A program of
// scalars is all such steps: straight-line code, one small inlined function per step.
#pragma once
#include <cstddef>
#include <cstdint>

#include <ctgrad/detail/chain.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>

/// Sweeps are straight-line code made of many tiny functions; past a few hundred steps
/// g++'s inliner gives up on them (2.5x slower at 4-16-3), so they are forced inline
/// (functions, not lambdas: g++ ignores always_inline on a lambda, and a sweep left out of
/// line keeps every slot in memory).
#define CTGRAD_INLINE [[gnu::always_inline]] inline

namespace ctgrad::detail {

// Steps take the instruction's fields as separate arguments: g++ handles thousands of scalar
// template arguments far faster than thousands of class-type ones. A and I are value offsets;
// a variable's A is its place among the point's scalars x.
template <slot_kind Kind, int A, int B, std::intmax_t Num, std::intmax_t Den, auto Rules, std::size_t I, class T>
CTGRAD_INLINE constexpr void forward_step(T* v, const T* x, const T* c) {
    if constexpr (Kind == slot_kind::variable) v[I] = x[A];
    else if constexpr (Kind == slot_kind::exact_constant) {
        if constexpr (Den == 1) v[I] = T(Num);
        else v[I] = T(Num) / T(Den);
    } else if constexpr (Kind == slot_kind::value_constant) v[I] = c[A];
    else if constexpr (Rules->arity == 0) {
        constexpr auto f = Rules->nullary_value;
        v[I] = f();
    } else if constexpr (Rules->arity == 1) {
        constexpr auto f = Rules->unary_value;
        v[I] = f(v[A]);
    } else {
        constexpr auto f = Rules->binary_value;
        v[I] = f(v[A], v[B]);
    }
}

/// Operand K's share of a reverse step: adj * d out / d operand K. A value the rule does not
/// read is passed as 0 and never loaded: the forward sweep may not have computed it yet (a
/// constant expression must not read it at all). Templated on the rules and the offsets, not
/// on the step: g++ pays for each instantiation by the length of its name.
template <auto Rules, std::size_t K, int A, int B, int Out, class T>
CTGRAD_INLINE constexpr T contribution([[maybe_unused]] const T* v, T adj) {
    constexpr unsigned m = Rules->properties.reverse_reads[K];
    if constexpr (Rules->arity == 1) {
        constexpr auto f = Rules->unary_backward;
        return f(m & reads_a ? v[A] : T(0), m & reads_out ? v[Out] : T(0), adj);
    } else {
        constexpr auto f = Rules->binary_backward[K];
        return f(m & reads_a ? v[A] : T(0), m & reads_b ? v[B] : T(0), m & reads_out ? v[Out] : T(0), adj);
    }
}

/// A reverse step on a rank-0 node, as the executor passes it: offsets into v (a, b, node)
/// and g (adjoint, dst0, dst1), and whether each operand is fed (active and not sharing the
/// node's storage) and by its first contribution. Plain members, no arrays: g++ 12 takes two
/// class-type template arguments whose std::array members differ only in which element is
/// non-zero for the same argument ({1, 0} and {0, 1}), and ran one step's code for the other
/// (tests/runtime/eval.cpp, "one translation unit, two wrt lists").
template <class T>
struct scalar_reverse {
    const op_rules<T>* rules = nullptr;
    int a = 0, b = 0, node = 0, adjoint = 0, dst0 = 0, dst1 = 0;
    bool feeds0 = false, feeds1 = false, first0 = false, first1 = false;
};

/// One reverse step: the node's adjoint flows to each operand it feeds; the first
/// contribution to a slot assigns, later ones add (anchored: a shared parameter's sum of
/// contributions is a chain of single-use temporaries, which g++ would otherwise expand at its
/// last use and keep every contribution alive until then; detail/chain.hpp).
template <auto Step, class T>
CTGRAD_INLINE constexpr void reverse_step([[maybe_unused]] const T* v, T* g) {
    static_assert(max_operands == 2, "reverse_step feeds operands 0 and 1");
    [[maybe_unused]] const T adj = g[Step.adjoint];
    if constexpr (Step.feeds0) {
        const T d = contribution<Step.rules, 0, Step.a, Step.b, Step.node>(v, adj);
        if constexpr (Step.first0) g[Step.dst0] = d;
        else g[Step.dst0] = anchored(g[Step.dst0] + d);
    }
    if constexpr (Step.feeds1) {
        const T d = contribution<Step.rules, 1, Step.a, Step.b, Step.node>(v, adj);
        if constexpr (Step.first1) g[Step.dst1] = d;
        else g[Step.dst1] = anchored(g[Step.dst1] + d);
    }
}
}  // namespace ctgrad::detail
