// ctgrad/detail/tensor_sweep.hpp - the sweeps of a program with tensors: the same program,
// the same reverse schedule, one step per instruction, but each step works on a whole tensor
// (one node per tensor, never one per element). Elementwise operations apply their scalar
// rules through detail/elementwise.hpp; kernel operations (ops/kernel.hpp) run their own
// whole-tensor rules. Values and adjoints live in two blocks laid out by
// detail/tensor_layout.hpp; variables are read where the point's caller keeps them.
#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctgrad/detail/elementwise.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>
#include <ctgrad/detail/sweep.hpp>
#include <ctgrad/detail/tensor_layout.hpp>
#include <ctgrad/ops/kernel.hpp>

namespace ctgrad::detail {

/// Where slot S's value is: the point's storage for a variable, else the value block.
template <class ProgramOf, class Map, int S, class T>
CTGRAD_INLINE constexpr const T* value_at(const T* v, const T* const* x) {
    constexpr auto& ins = ProgramOf::value.code[static_cast<std::size_t>(S)];
    if constexpr (ins.kind == slot_kind::variable) return x[Map::index[static_cast<std::size_t>(ins.a)]];
    else return v + value_layout<ProgramOf>::value.offset[static_cast<std::size_t>(S)];
}
template <class ProgramOf, class Map, int S, class T>
CTGRAD_INLINE constexpr tensor_in<T> input_at(const T* v, const T* const* x) {
    return {value_at<ProgramOf, Map, S>(v, x), ProgramOf::value.shapes[static_cast<std::size_t>(S)]};
}

template <class ProgramOf, class Map, std::size_t I, class T>
CTGRAD_INLINE constexpr void tensor_forward_step([[maybe_unused]] T* v, [[maybe_unused]] const T* const* x,
                                                 [[maybe_unused]] const T* c) {
    constexpr auto& prog = ProgramOf::value;
    constexpr auto& ins = prog.code[I];
    constexpr shape out_shape = prog.shapes[I];
    [[maybe_unused]] T* out = v + value_layout<ProgramOf>::value.offset[I];
    if constexpr (ins.kind == slot_kind::variable) {
    } else if constexpr (ins.kind == slot_kind::exact_constant) {
        out[0] = T(ins.exact.num) / T(ins.exact.den);
    } else if constexpr (ins.kind == slot_kind::value_constant) {
        out[0] = c[ins.a];
    } else if constexpr (ins.rules->arity == 0) {
        out[0] = ins.rules->nullary_value();
    } else if constexpr (ins.rules->kernel) {
        constexpr auto rules = ins.rules;
        constexpr auto& layout = value_layout<ProgramOf>::value;
        const tensor_out<T> result{out, out_shape, v + layout.scratch_offset[I], layout.scratch_size[I]};
        if constexpr (rules->arity == 1) rules->unary_forward(result, input_at<ProgramOf, Map, ins.a>(v, x));
        else rules->binary_forward(result, input_at<ProgramOf, Map, ins.a>(v, x), input_at<ProgramOf, Map, ins.b>(v, x));
    } else if constexpr (ins.rules->arity == 1) {
        constexpr auto f = ins.rules->unary_value;
        if constexpr (ins.rules->has_array) {
            if (!std::is_constant_evaluated()) {
                ins.rules->array_forward(out, value_at<ProgramOf, Map, ins.a>(v, x), out_shape.size());
                return;
            }
        }
        map_unary<out_shape, prog.shapes[static_cast<std::size_t>(ins.a)]>(out, value_at<ProgramOf, Map, ins.a>(v, x), f);
    } else {
        constexpr auto f = ins.rules->binary_value;
        map_binary<out_shape, prog.shapes[static_cast<std::size_t>(ins.a)], prog.shapes[static_cast<std::size_t>(ins.b)]>(
            out, value_at<ProgramOf, Map, ins.a>(v, x), value_at<ProgramOf, Map, ins.b>(v, x), f);
    }
}

/// Operand K's share of reverse step Step, into its adjoint storage.
template <class Schedule, class Map, auto Step, std::size_t K, class T>
CTGRAD_INLINE constexpr void tensor_contribution(T* v, const T* const* x, T* g) {
    using ProgramOf = typename Schedule::program_type;
    constexpr auto& prog = ProgramOf::value;
    constexpr auto& ins = Step.ins;
    constexpr auto rules = ins.rules;
    constexpr auto& adjoint_offset = adjoint_layout<Schedule>::value.offset;
    constexpr shape out_shape = prog.shapes[static_cast<std::size_t>(Step.node)];
    constexpr shape sa = prog.shapes[static_cast<std::size_t>(ins.a)];
    constexpr shape sb = rules->arity > 1 ? prog.shapes[static_cast<std::size_t>(ins.b)] : shape{};
    constexpr shape operand_shape = K == 0 ? sa : sb;
    constexpr unsigned reads = rules->properties.reverse_reads[K];
    T* dst = g + adjoint_offset[static_cast<std::size_t>(Step.dst[K])];
    const T* adj = g + adjoint_offset[static_cast<std::size_t>(Step.adjoint)];
    // a value the rule does not read may not exist yet: it is never loaded
    const T* a = reads & reads_a ? value_at<ProgramOf, Map, ins.a>(v, x) : nullptr;
    const T* out = reads & reads_out ? value_at<ProgramOf, Map, Step.node>(v, x) : nullptr;
    constexpr auto& layout = value_layout<ProgramOf>::value;
    constexpr auto node = static_cast<std::size_t>(Step.node);
    // a kernel's scratch space is its own: the forward step is done with it
    [[maybe_unused]] const tensor_out<T> share{dst, operand_shape, v + layout.scratch_offset[node], layout.scratch_size[node]};
    if constexpr (rules->arity == 1) {
        if constexpr (rules->kernel) {
            rules->unary_vjp(share, !Step.first[K], {a, sa}, {out, out_shape}, {adj, out_shape});
        } else {
            constexpr auto f = rules->unary_backward;
            if constexpr (rules->has_array) {
                if (!std::is_constant_evaluated()) {  // an elementwise unary operand has the node's shape
                    rules->array_backward(dst, !Step.first[K], a, out, adj, out_shape.size());
                    return;
                }
            }
            scatter<out_shape, operand_shape, sa, sa, Step.first[K]>(dst, [&](std::size_t k, std::size_t ia, std::size_t) {
                return f(reads & reads_a ? a[ia] : T(0), reads & reads_out ? out[k] : T(0), adj[k]);
            });
        }
    } else {
        const T* b = reads & reads_b ? value_at<ProgramOf, Map, ins.b>(v, x) : nullptr;
        if constexpr (rules->kernel) {
            constexpr auto f = rules->binary_vjp[K];
            f(share, !Step.first[K], {a, sa}, {b, sb}, {out, out_shape}, {adj, out_shape});
        } else {
            constexpr auto f = rules->binary_backward[K];
            scatter<out_shape, operand_shape, sa, sb, Step.first[K]>(dst, [&](std::size_t k, std::size_t ia, std::size_t ib) {
                return f(reads & reads_a ? a[ia] : T(0), reads & reads_b ? b[ib] : T(0), reads & reads_out ? out[k] : T(0),
                         adj[k]);
            });
        }
    }
}

template <class Schedule, class Map, auto Step, class T>
CTGRAD_INLINE constexpr void tensor_reverse_step(T* v, const T* const* x, T* g) {
    if constexpr (Step.to[0] && Step.write[0]) tensor_contribution<Schedule, Map, Step, 0>(v, x, g);
    if constexpr (Step.ins.rules->arity > 1 && Step.to[1] && Step.write[1])
        tensor_contribution<Schedule, Map, Step, 1>(v, x, g);
}

template <class Schedule, class Map, int Item, class T>
CTGRAD_INLINE constexpr void tensor_item(T* v, const T* const* x, const T* c, T* g) {
    if constexpr (Item >= 0) tensor_forward_step<typename Schedule::program_type, Map, static_cast<std::size_t>(Item)>(v, x, c);
    else tensor_reverse_step<Schedule, Map, Schedule::value.steps[static_cast<std::size_t>(-1 - Item)]>(v, x, g);
}

template <class Schedule, class Map, std::size_t Offset, class T, std::size_t... I>
CTGRAD_INLINE constexpr void tensor_chunk(T* v, const T* const* x, const T* c, T* g, std::index_sequence<I...>) {
    (tensor_item<Schedule, Map, Schedule::interleaved[Offset + I]>(v, x, c, g), ...);
}
template <class Schedule, class Map, class T, std::size_t... K>
CTGRAD_INLINE constexpr void tensor_chunks(T* v, const T* const* x, const T* c, T* g, std::index_sequence<K...>) {
    (tensor_chunk<Schedule, Map, K * chunk>(v, x, c, g, std::make_index_sequence<chunk_length(Schedule::length, K)>{}),
     ...);
}
/// The forward sweep with the reverse steps run as early as their inputs allow: values into
/// v, adjoints into g (the root's adjoint seeded by the caller), variables read through x.
template <class Schedule, class Map, class T>
CTGRAD_INLINE constexpr void tensor_interleaved_sweep(T* v, const T* const* x, const T* c, T* g) {
    tensor_chunks<Schedule, Map>(v, x, c, g, std::make_index_sequence<chunk_count(Schedule::length)>{});
}

template <class ProgramOf, class Map, class T, std::size_t... I>
CTGRAD_INLINE constexpr void tensor_forward_steps(T* v, const T* const* x, const T* c, std::index_sequence<I...>) {
    (tensor_forward_step<ProgramOf, Map, I>(v, x, c), ...);
}
/// The forward sweep alone (eval).
template <class ProgramOf, class Map, class T>
CTGRAD_INLINE constexpr void tensor_forward_sweep(T* v, const T* const* x, const T* c) {
    tensor_forward_steps<ProgramOf, Map>(v, x, c, std::make_index_sequence<ProgramOf::value.code.size()>{});
}
}  // namespace ctgrad::detail
