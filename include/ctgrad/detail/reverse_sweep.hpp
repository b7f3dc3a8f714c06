// ctgrad/detail/reverse_sweep.hpp - the reverse sweep as straight-line code: one small
// inlined function per step of a reverse_schedule, alone (reverse_sweep) or interleaved
// with the forward sweep (interleaved_sweep, what value_and_grad runs).
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
/// contribution to a slot assigns, later ones add.
template <auto Step, class T>
CTGRAD_INLINE constexpr void reverse_step([[maybe_unused]] const T* v, T* g) {
    static_assert(max_operands == 2, "reverse_step feeds operands 0 and 1");
    constexpr auto& ins = Step.ins;
    [[maybe_unused]] const T adj = g[Step.adjoint];
    if constexpr (Step.to[0] && Step.write[0]) {
        const T d = contribution<ins.rules, 0, ins.a, ins.b, Step.node>(v, adj);
        if constexpr (Step.first[0]) g[Step.dst[0]] = d;
        else g[Step.dst[0]] += d;
    }
    if constexpr (ins.rules->arity > 1 && Step.to[1] && Step.write[1]) {
        const T d = contribution<ins.rules, 1, ins.a, ins.b, Step.node>(v, adj);
        if constexpr (Step.first[1]) g[Step.dst[1]] = d;
        else g[Step.dst[1]] += d;
    }
}

template <class Schedule, std::size_t Offset, class T, std::size_t... I>
CTGRAD_INLINE constexpr void reverse_chunk([[maybe_unused]] const T* v, [[maybe_unused]] T* g, std::index_sequence<I...>) {
    (reverse_step<Schedule::value.steps[Offset + I]>(v, g), ...);
}
template <class Schedule, class T, std::size_t... K>
CTGRAD_INLINE constexpr void reverse_chunks([[maybe_unused]] const T* v, [[maybe_unused]] T* g, std::index_sequence<K...>) {
    (reverse_chunk<Schedule, K * chunk>(v, g, std::make_index_sequence<chunk_length(Schedule::value.count, K)>{}), ...);
}
template <class Schedule, class T>
CTGRAD_INLINE constexpr void reverse_sweep(const T* v, T* g) {
    reverse_chunks<Schedule>(v, g, std::make_index_sequence<chunk_count(Schedule::value.count)>{});
}

// The interleaved sweep calls, for each item, a forward step and a reverse step of which
// one is inactive. Their template arguments are scalars and step values, never the
// expression's type: g++ pays for every instantiation in proportion to the length of its
// name, and a per-item template naming the schedule made the compile twice as slow.
template <bool Active, slot_kind Kind, int A, int B, std::intmax_t Num, std::intmax_t Den, auto Rules, std::size_t I, class T>
CTGRAD_INLINE constexpr void forward_step_if([[maybe_unused]] T* v, [[maybe_unused]] const T* x, [[maybe_unused]] const T* c) {
    if constexpr (Active) forward_step<Kind, A, B, Num, Den, Rules, I>(v, x, c);
}
template <bool Active, auto Step, class T>
CTGRAD_INLINE constexpr void reverse_step_if([[maybe_unused]] const T* v, [[maybe_unused]] T* g) {
    if constexpr (Active) reverse_step<Step>(v, g);
}

/// Item k of the interleaved sweep: forward instruction list[k] >= 0, else reverse step
/// -1 - list[k]. For the other kind each accessor gives a fixed dummy (one instantiation).
template <class Schedule, class Map, class T>
struct interleaved_items {
    static constexpr auto& list = Schedule::interleaved;
    static constexpr auto& code = Schedule::Prog.code;
    static constexpr bool forward(std::size_t k) { return list[k] >= 0; }
    static constexpr instruction<T> ins(std::size_t k) {
        if (!forward(k)) return {slot_kind::variable, 0, 0, ratio{0, 1}, nullptr};
        instruction<T> i = code[static_cast<std::size_t>(list[k])];
        i.a = operand_a<Map>(i);
        return i;
    }
    static constexpr std::size_t slot(std::size_t k) { return forward(k) ? static_cast<std::size_t>(list[k]) : 0; }
    static constexpr reverse_step_info<T> step(std::size_t k) {
        return forward(k) ? reverse_step_info<T>{} : Schedule::value.steps[static_cast<std::size_t>(-1 - list[k])];
    }
};

template <class Schedule, class Map, std::size_t Offset, class T, std::size_t... I>
CTGRAD_INLINE constexpr void interleaved_chunk([[maybe_unused]] T* v, [[maybe_unused]] const T* x,
                                               [[maybe_unused]] const T* c, [[maybe_unused]] T* g,
                                               std::index_sequence<I...>) {
    using items = interleaved_items<Schedule, Map, T>;
    ((forward_step_if<items::forward(Offset + I), items::ins(Offset + I).kind, items::ins(Offset + I).a,
                      items::ins(Offset + I).b, items::ins(Offset + I).exact.num, items::ins(Offset + I).exact.den,
                      items::ins(Offset + I).rules, items::slot(Offset + I)>(v, x, c),
      reverse_step_if<!items::forward(Offset + I), items::step(Offset + I)>(v, g)),
     ...);
}
template <class Schedule, class Map, class T, std::size_t... K>
CTGRAD_INLINE constexpr void interleaved_chunks([[maybe_unused]] T* v, [[maybe_unused]] const T* x,
                                                [[maybe_unused]] const T* c, [[maybe_unused]] T* g,
                                                std::index_sequence<K...>) {
    (interleaved_chunk<Schedule, Map, K * chunk>(v, x, c, g, std::make_index_sequence<chunk_length(Schedule::length, K)>{}),
     ...);
}
/// The forward sweep with the reverse steps run as early as their inputs allow.
template <class Schedule, class Map, class T>
CTGRAD_INLINE constexpr void interleaved_sweep(T* v, const T* x, const T* c, T* g) {
    interleaved_chunks<Schedule, Map>(v, x, c, g, std::make_index_sequence<chunk_count(Schedule::length)>{});
}

}  // namespace ctgrad::detail
