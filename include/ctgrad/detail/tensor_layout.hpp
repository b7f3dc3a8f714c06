// ctgrad/detail/tensor_layout.hpp - where each slot's value and adjoint live in a program with
// tensors: offsets into two contiguous blocks, computed at compile time (as XLA's
// ahead-of-time compiler assigns buffers). Variables take no value space (their values are
// read where the caller keeps them); only slots that receive an adjoint take adjoint space,
// and an operand that shares its parent's adjoint storage (a + b) takes none of its own.
#pragma once
#include <array>
#include <cstddef>

#include <ctgrad/detail/program.hpp>

namespace ctgrad::detail {

template <std::size_t N>
struct block_layout {
    std::array<std::size_t, N> offset{};
    std::size_t size = 0;
    std::array<std::size_t, N> scratch_offset{};  // a kernel's scratch space, after its value
    std::array<std::size_t, N> scratch_size{};
};

template <class ProgramOf>
struct value_layout {
    static constexpr auto& Prog = ProgramOf::value;
    static constexpr block_layout<Prog.code.size()> value = []() consteval {
        block_layout<Prog.code.size()> r;
        for (std::size_t i = 0; i < Prog.code.size(); ++i) {
            if (Prog.code[i].kind == slot_kind::variable) continue;
            r.offset[i] = r.size;
            r.size += Prog.shapes[i].size();
            const auto& ins = Prog.code[i];
            if (ins.kind == slot_kind::operation && ins.rules->has_scratch) {
                r.scratch_offset[i] = r.size;
                r.scratch_size[i] = ins.rules->scratch(Prog.shapes[static_cast<std::size_t>(ins.a)],
                                                       Prog.shapes[static_cast<std::size_t>(ins.b)]);
                r.size += r.scratch_size[i];
            }
        }
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
}  // namespace ctgrad::detail
