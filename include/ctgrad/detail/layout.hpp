// ctgrad/detail/layout.hpp - where each slot's value and adjoint live: offsets into two
// contiguous blocks, computed at compile time (as XLA's ahead-of-time compiler assigns
// buffers). A scalar is the rank-0 tensor: it takes one element, so in a program of scalars
// slot i's value is element i. A tensor variable takes no value space (its elements are read
// where the caller keeps them); a scalar variable is copied in. Only slots that receive an
// adjoint take adjoint space, and an operand that shares its parent's adjoint storage (a + b)
// takes none of its own. A block past detail/storage_limit.hpp's limit is on the heap.
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>
#include <vector>

#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/storage_limit.hpp>

namespace ctgrad::detail {

template <std::size_t N>
struct block_layout {
    std::array<std::size_t, N> offset{};
    std::size_t size = 0;
    // A kernel's scratch space. Kernels run one at a time and keep nothing there from one
    // step to the next, so every kernel's scratch is one region after the values, as large as
    // the largest kernel's.
    std::size_t scratch_start = 0;
    std::size_t scratch_region = 0;
    std::array<std::size_t, N> scratch_size{};
    std::array<std::size_t, N> kept_offset{};  // what a kernel's forward keeps, after its value
};

/// A slot whose value is read where the point keeps it: a tensor variable.
template <class Prog>
constexpr bool read_in_place(const Prog& prog, std::size_t slot) {
    return prog.code[slot].kind == slot_kind::variable && prog.shapes[slot].rank > 0;
}

template <class ProgramOf>
struct value_layout {
    static constexpr auto& Prog = ProgramOf::value;
    static constexpr block_layout<Prog.code.size()> value = []() consteval {
        block_layout<Prog.code.size()> r;
        for (std::size_t i = 0; i < Prog.code.size(); ++i) {
            if (read_in_place(Prog, i)) continue;
            r.offset[i] = r.size;
            r.size += Prog.shapes[i].size();
            r.kept_offset[i] = r.size;
            const auto& ins = Prog.code[i];
            if (ins.kind != slot_kind::operation || !(ins.rules->has_kept || ins.rules->has_scratch)) continue;
            const shape sa = Prog.shapes[static_cast<std::size_t>(ins.a)];
            const shape sb = ins.b >= 0 ? Prog.shapes[static_cast<std::size_t>(ins.b)] : shape{};
            if (ins.rules->has_kept) r.size += ins.rules->kept(sa, sb);
            if (ins.rules->has_scratch) r.scratch_size[i] = ins.rules->scratch(sa, sb);
            r.scratch_region = r.scratch_region < r.scratch_size[i] ? r.scratch_size[i] : r.scratch_region;
        }
        r.scratch_start = r.size;
        r.size += r.scratch_region;
        return r;
    }();
};

/// Adjoint offsets by storage slot (reverse_schedule::storage).
template <class Schedule>
struct adjoint_layout {
    static constexpr auto& Prog = Schedule::Prog;
    static constexpr std::size_t n = Prog.code.size();
    static constexpr block_layout<n> value = []() consteval {
        block_layout<n> r;
        for (std::size_t i = 0; i < n; ++i) {
            if (!Schedule::value.touched[i] || Schedule::value.storage[i] != static_cast<int>(i)) continue;
            r.offset[i] = r.size;
            r.size += Prog.shapes[i].size();
        }
        return r;
    }();
};

/// N elements on the heap (a block past the limit).
template <class T, std::size_t N>
struct heap_block {
    std::vector<T> elements = std::vector<T>(N);
    constexpr T* data() { return elements.data(); }
    constexpr const T* data() const { return elements.data(); }
    constexpr T& operator[](std::size_t i) { return elements[i]; }
    constexpr const T& operator[](std::size_t i) const { return elements[i]; }
};
/// A block of N elements: inline up to the limit, else on the heap. Declared, not
/// value-initialized: every sweep writes an element before it reads it (a constant
/// evaluation that did not would be an error), and zeroing a scalar program's blocks cost
/// as much as its sweep.
template <class T, std::size_t N>
using block = std::conditional_t<(N <= inline_storage_limit), std::array<T, (N == 0 ? 1 : N)>, heap_block<T, N>>;
}  // namespace ctgrad::detail
