// ctgrad/detail/sweep.hpp - forward and reverse sweeps over a flat program, expanded
// into straight-line code: one small function per instruction, inlined.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>

namespace ctgrad::detail {

/// Sweeps are straight-line code made of many tiny functions; past a few hundred steps
/// g++'s inliner gives up on them (2.5x slower at 4-16-3), so they are forced inline.
#define CTGRAD_INLINE [[gnu::always_inline]] inline

// Steps take the instruction's fields as separate arguments: g++ handles thousands
// of scalar template arguments far faster than thousands of class-type ones.
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

/// Unrolled loops over long programs: folds of at most `chunk` calls (clang refuses
/// folds nested deeper than 256), one chunk function per `chunk` steps.
inline constexpr std::size_t chunk = 32;
constexpr std::size_t chunk_count(std::size_t n) { return (n + chunk - 1) / chunk; }
constexpr std::size_t chunk_length(std::size_t n, std::size_t k) { return n - k * chunk < chunk ? n - k * chunk : chunk; }

/// A chunk of a sweep, passed to the function that runs it as a template argument by value:
/// g++ mangles every instantiation's name, and a chunk named by its program's type had a
/// name as long as the expression (58 KB each at 8-32-4, growing with the network). An item
/// is a forward instruction (forward: true) or a reverse step.
template <class T>
struct sweep_item {
    bool forward = false;
    instruction<T> ins{};  // forward: operand a already mapped into the point for variables
    std::size_t slot = 0;
    reverse_step_info<T> step{};
};
template <class T>
struct sweep_chunk {
    std::array<sweep_item<T>, chunk> items{};
};

/// Where a step reads operand a: a variable reads the point's value directly (Map gives its
/// position in the point), anything else a slot.
template <class Map, class Ins>
constexpr int operand_a(const Ins& ins) {
    if (ins.kind != slot_kind::variable) return ins.a;
    int i = Map::index[static_cast<std::size_t>(ins.a)];
    return i < 0 ? 0 : i;
}

/// The item that runs instruction `slot` of `code` forward.
template <class Map, class T, class Code>
constexpr sweep_item<T> forward_item(const Code& code, std::size_t slot) {
    instruction<T> ins = code[slot];
    ins.a = operand_a<Map>(ins);
    return {true, ins, slot, {}};
}

/// The forward sweep's chunks: instruction i of the program is item i % chunk of chunk i / chunk.
template <class ProgramOf, class Map, class T>
struct forward_items {
    static constexpr std::size_t length = ProgramOf::value.code.size();
    static consteval sweep_chunk<T> at(std::size_t k) {
        sweep_chunk<T> out;
        for (std::size_t i = 0; i < chunk_length(length, k); ++i)
            out.items[i] = forward_item<Map, T>(ProgramOf::value.code, k * chunk + i);
        return out;
    }
};

// Steps take the fields of their item as separate arguments: g++ handles thousands of scalar
// template arguments far faster than class-type ones.
template <bool Active, slot_kind Kind, int A, int B, std::intmax_t Num, std::intmax_t Den, auto Rules, std::size_t I, class T>
CTGRAD_INLINE constexpr void forward_step_if([[maybe_unused]] T* v, [[maybe_unused]] const T* x, [[maybe_unused]] const T* c) {
    if constexpr (Active) forward_step<Kind, A, B, Num, Den, Rules, I>(v, x, c);
}

template <auto Chunk, class T, std::size_t... I>
CTGRAD_INLINE constexpr void forward_chunk([[maybe_unused]] T* v, [[maybe_unused]] const T* x, [[maybe_unused]] const T* c, std::index_sequence<I...>) {
    (forward_step<Chunk.items[I].ins.kind, Chunk.items[I].ins.a, Chunk.items[I].ins.b, Chunk.items[I].ins.exact.num,
                  Chunk.items[I].ins.exact.den, Chunk.items[I].ins.rules, Chunk.items[I].slot>(v, x, c),
     ...);
}

/// v[i] = value of slot i, for every slot, in order; x is the point's values. The program
/// is named by its type and read only in constant expressions, so its table is never emitted.
template <class Items, class T, std::size_t... K>
CTGRAD_INLINE constexpr void forward_chunks([[maybe_unused]] T* v, [[maybe_unused]] const T* x, [[maybe_unused]] const T* c, std::index_sequence<K...>) {
    (forward_chunk<Items::at(K)>(v, x, c, std::make_index_sequence<chunk_length(Items::length, K)>{}), ...);
}
// (functions, not lambdas: g++ ignores always_inline on a lambda, and a sweep left out of
// line keeps every slot in memory)

/// Where each variable of a program is in a point: the point's position of program variable
/// i, or -1. Named by the program's key and the point's names' key.
template <class ProgramOf, class PointKey>
struct point_map_table {
    static constexpr auto& Prog = ProgramOf::value;
    static constexpr std::size_t count = Prog.variables.size();
    static constexpr std::array<int, count> index = []() consteval {
        constexpr auto& names = table_of(PointKey{});
        std::array<int, count> m{};
        for (std::size_t i = 0; i < count; ++i) m[i] = names.find(Prog.variable_hashes[i], Prog.variables[i]);
        return m;
    }();
    static constexpr int first_unbound = []() consteval {
        for (std::size_t i = 0; i < count; ++i)
            if (index[i] < 0) return static_cast<int>(i);
        return -1;
    }();
    static constexpr std::string_view unbound_name = first_unbound < 0 ? std::string_view{} : Prog.variables[first_unbound];
    static constexpr bool complete = first_unbound < 0;
};
template <class ProgramOf, class P>
using point_map = point_map_table<ProgramOf, typename P::key>;

/// Storage for a sweep: at least one element, so empty programs need no special case.
template <class T, std::size_t N>
using slots = std::array<T, (N == 0 ? 1 : N)>;
}  // namespace ctgrad::detail
