// ctgrad/detail/reverse_sweep.hpp - the reverse sweep as straight-line code: one small
// inlined function per step of a reverse_schedule, alone (reverse_sweep) or interleaved
// with the forward sweep (interleaved_items, what value_and_grad runs).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>
#include <ctgrad/detail/sweep.hpp>

namespace ctgrad::detail {

/// Operand K's share of a reverse step: adj * d out / d operand K. A value the rule does not
/// read is passed as 0 and never loaded: the forward sweep may not have computed it yet (a
/// constant expression must not read it at all). Templated on the rules and the slots, not
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

/// One reverse step: the node's adjoint flows to each of its active operands; the first
/// contribution to a slot assigns, later ones add (anchored: a shared parameter's sum of
/// contributions is a chain of single-use temporaries, which g++ would otherwise expand at its
/// last use and keep every contribution alive until then; detail/program.hpp).
template <auto Step, class T>
CTGRAD_INLINE constexpr void reverse_step([[maybe_unused]] const T* v, T* g) {
    static_assert(max_operands == 2, "reverse_step feeds operands 0 and 1");
    constexpr auto& ins = Step.ins;
    [[maybe_unused]] const T adj = g[Step.adjoint];
    if constexpr (Step.to[0] && Step.write[0]) {
        const T d = contribution<ins.rules, 0, ins.a, ins.b, Step.node>(v, adj);
        if constexpr (Step.first[0]) g[Step.dst[0]] = d;
        else g[Step.dst[0]] = anchored(g[Step.dst[0]] + d);
    }
    if constexpr (ins.rules->arity > 1 && Step.to[1] && Step.write[1]) {
        const T d = contribution<ins.rules, 1, ins.a, ins.b, Step.node>(v, adj);
        if constexpr (Step.first[1]) g[Step.dst[1]] = d;
        else g[Step.dst[1]] = anchored(g[Step.dst[1]] + d);
    }
}

template <bool Active, auto Step, class T>
CTGRAD_INLINE constexpr void reverse_step_if([[maybe_unused]] const T* v, [[maybe_unused]] T* g) {
    if constexpr (Active) reverse_step<Step>(v, g);
}

/// A chunk of the interleaved sweep (or of the reverse sweep alone: all its items are reverse
/// steps); every item runs a forward step and a reverse step of which one is inactive.
template <auto Chunk, class T, std::size_t... I>
CTGRAD_INLINE constexpr void sweep_chunk_run([[maybe_unused]] T* v, [[maybe_unused]] const T* x,
                                             [[maybe_unused]] const T* c, [[maybe_unused]] T* g,
                                             std::index_sequence<I...>) {
    ((forward_step_if<Chunk.items[I].forward, Chunk.items[I].ins.kind, Chunk.items[I].ins.a, Chunk.items[I].ins.b,
                      Chunk.items[I].ins.exact.num, Chunk.items[I].ins.exact.den, Chunk.items[I].ins.rules,
                      Chunk.items[I].slot>(v, x, c),
      reverse_step_if<!Chunk.items[I].forward, Chunk.items[I].step>(v, g)),
     ...);
}
template <class Items, class T, std::size_t... K>
CTGRAD_INLINE constexpr void sweep_chunks([[maybe_unused]] T* v, [[maybe_unused]] const T* x,
                                          [[maybe_unused]] const T* c, [[maybe_unused]] T* g,
                                          std::index_sequence<K...>) {
    (sweep_chunk_run<Items::at(K)>(v, x, c, g, std::make_index_sequence<chunk_length(Items::length, K)>{}), ...);
}

/// The reverse sweep's steps, in chunks.
template <class Schedule, class T>
struct reverse_items {
    static constexpr std::size_t length = Schedule::value.count;
    static consteval sweep_chunk<T> at(std::size_t k) {
        sweep_chunk<T> out;
        for (std::size_t i = 0; i < chunk_length(length, k); ++i) out.items[i].step = Schedule::value.steps[k * chunk + i];
        return out;
    }
};
template <class Schedule, class T>
CTGRAD_INLINE constexpr void reverse_sweep(T* v, T* g) {
    using items = reverse_items<Schedule, T>;
    sweep_chunks<items>(v, static_cast<const T*>(nullptr), static_cast<const T*>(nullptr), g,
                        std::make_index_sequence<chunk_count(items::length)>{});
}

/// The forward instructions and the reverse steps in the order value_and_grad runs them
/// (Schedule::interleaved: instruction list[k] >= 0, else reverse step -1 - list[k]), in chunks.
template <class Schedule, class Map, class T>
struct interleaved_items {
    static constexpr std::size_t length = Schedule::length;
    static consteval sweep_chunk<T> at(std::size_t k) {
        sweep_chunk<T> out;
        for (std::size_t i = 0; i < chunk_length(length, k); ++i) {
            const int item = Schedule::interleaved[k * chunk + i];
            if (item >= 0) out.items[i] = forward_item<Map, T>(Schedule::Prog.code, static_cast<std::size_t>(item));
            else out.items[i].step = Schedule::value.steps[static_cast<std::size_t>(-1 - item)];
        }
        return out;
    }
};
}  // namespace ctgrad::detail
