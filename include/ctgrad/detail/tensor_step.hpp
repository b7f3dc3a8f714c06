// ctgrad/detail/tensor_step.hpp - the executor's steps on tensor nodes: one step per
// instruction, each on a whole tensor (one node per tensor, never one per element).
// Elementwise operations apply their scalar rules through detail/elementwise.hpp, with
// broadcasting; kernel operations (ops/kernel.hpp) run their own whole-tensor rules. A step
// reads its context Ctx (executor.hpp): the program, the point map and the schedule.
#pragma once
#include <cstddef>
#include <type_traits>

#include <ctgrad/detail/elementwise.hpp>
#include <ctgrad/detail/layout.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>
#include <ctgrad/detail/scalar_step.hpp>
#include <ctgrad/detail/thread_team.hpp>
#include <ctgrad/ops/kernel.hpp>

namespace ctgrad::detail {

/// An elementwise pass is split over a workspace's threads from this many elements per thread
/// on (below, waking a thread costs more than it saves).
inline constexpr std::size_t array_split_items = std::size_t(1) << 13;

/// Whether a pass over a tensor of static shape S may be split at all: decided at compile time,
/// so a program of small tensors never instantiates the split (a batched one may be large).
constexpr bool may_split(shape s) { return s.batched() || s.size() >= 2 * array_split_items; }

/// pass(begin, end) over [0, n) elements of a tensor of static shape S, split over the active
/// team when large.
template <shape S, class Pass>
CTGRAD_INLINE void over_elements(std::size_t n, Pass&& pass) {
    if constexpr (may_split(S)) for_each_part(n, array_split_items, pass);
    else pass(std::size_t(0), n);
}

/// pass(first, last) over the rows of Out (concrete: out), split over the active team when
/// large and when Split (never in constant evaluation).
template <shape Out, bool Split, class Pass>
CTGRAD_INLINE constexpr void over_rows(shape out, Pass&& pass) {
    if constexpr (Split && (Out.rows > 1 || Out.batch == batch_axis::rows) && may_split(Out)) {
        if (!std::is_constant_evaluated() && out.rows > 1) {
            for_each_part(out.rows, (array_split_items + out.cols - 1) / out.cols, pass, 1);
            return;
        }
    }
    pass(std::size_t(0), out.rows);
}

/// pass(first, last, col_first, col_last) over Out for a scatter into an operand of static
/// shape S: split over the active team by rows where S keeps Out's rows, else by columns where
/// it keeps those, when large (never in constant evaluation); a scalar operand is one sum, not
/// split.
template <shape Out, shape S, class Pass>
CTGRAD_INLINE constexpr void over_scatter(shape out, Pass&& pass) {
    if constexpr (scatter_keeps_rows(Out, S)) {
        over_rows<Out, true>(out, [&](std::size_t first, std::size_t last) { pass(first, last, std::size_t(0), out.cols); });
        return;
    } else if constexpr (scatter_keeps_columns(Out, S) && (Out.cols > 1 || Out.batch == batch_axis::cols) && may_split(Out)) {
        if (!std::is_constant_evaluated() && out.cols > 1) {
            for_each_part(out.cols, 16, [&](std::size_t col_first, std::size_t col_last) {
                pass(std::size_t(0), out.rows, col_first, col_last);
            });
            return;
        }
    }
    pass(std::size_t(0), out.rows, std::size_t(0), out.cols);
}

/// Static shape S at a batch: S itself, a constant, where it has no batch.
template <shape S>
CTGRAD_INLINE constexpr shape concrete(std::size_t batch_size) {
    if constexpr (S.batched()) return at_batch(S, batch_size);
    else return S;
}
/// A block offset (per_batch * batch + fixed) at a batch: a constant where it has no
/// per-batch part. Two scalar arguments, so that a static program's offsets fold in the front
/// end (a call on the layout object left the optimizer 20 % more code).
template <std::size_t PerBatch, std::size_t Fixed>
CTGRAD_INLINE constexpr std::size_t offset_at_batch([[maybe_unused]] std::size_t batch_size) {
    if constexpr (PerBatch == 0) return Fixed;
    else return PerBatch * batch_size + Fixed;
}
/// Slot S's shape at a batch.
template <class Ctx, int S>
CTGRAD_INLINE constexpr shape shape_at(std::size_t batch_size) {
    return concrete<Ctx::program::value.shapes[static_cast<std::size_t>(S)]>(batch_size);
}
/// Node I's scratch at a batch: a constant unless an operand is batched.
template <class Layout, std::size_t I>
CTGRAD_INLINE constexpr std::size_t scratch_of(std::size_t batch_size) {
    if constexpr (Layout::value.scratch_at_run_time[I]) return Layout::scratch_at(I, batch_size);
    else return Layout::value.scratch_size[I];
}

/// Where slot S's value is: the point's storage for a tensor variable, its operand's for a
/// reshape, else the value block.
template <class Ctx, int S, class T>
CTGRAD_INLINE constexpr const T* value_at(const T* v, const T* const* xs, std::size_t batch_size) {
    constexpr auto& prog = Ctx::program::value;
    constexpr auto slot = static_cast<std::size_t>(S);
    if constexpr (read_in_place(prog, slot)) return xs[Ctx::map::index[static_cast<std::size_t>(prog.code[slot].a)]];
    else if constexpr (views_operand(prog, slot)) return value_at<Ctx, prog.code[slot].a>(v, xs, batch_size);
    else {
        constexpr element_count at = value_layout<typename Ctx::program>::value.offset[slot];
        return v + offset_at_batch<at.per_batch, at.fixed>(batch_size);
    }
}
template <class Ctx, int S, class T>
CTGRAD_INLINE constexpr tensor_in<T> input_at(const T* v, const T* const* xs, std::size_t batch_size) {
    return {value_at<Ctx, S>(v, xs, batch_size), shape_at<Ctx, S>(batch_size)};
}

/// Instruction I forward, on whole tensors (a tensor variable is read in place: nothing to do).
template <class Ctx, std::size_t I, class T>
CTGRAD_INLINE constexpr void tensor_forward_step(T* v, const T* const* xs, std::size_t batch_size) {
    using ProgramOf = typename Ctx::program;
    using Layout = value_layout<ProgramOf>;
    constexpr auto& prog = ProgramOf::value;
    constexpr auto& ins = prog.code[I];
    constexpr shape out_shape = prog.shapes[I];
    constexpr auto& layout = Layout::value;
    static_assert(ins.kind == slot_kind::operation || read_in_place(prog, I), "a rank-0 leaf is a scalar step");
    if constexpr (ins.kind == slot_kind::operation && !views_operand(prog, I)) {
        T* out = v + offset_at_batch<layout.offset[I].per_batch, layout.offset[I].fixed>(batch_size);
        const shape out_dims = concrete<out_shape>(batch_size);
        constexpr auto rules = ins.rules;
        if constexpr (rules->kernel) {
            const tensor_out<T> result{out, out_dims, v + offset_at_batch<layout.scratch_start.per_batch, layout.scratch_start.fixed>(batch_size),
                                       scratch_of<Layout, I>(batch_size),
                                       v + offset_at_batch<layout.kept_offset[I].per_batch, layout.kept_offset[I].fixed>(batch_size)};
            if constexpr (rules->arity == 1) rules->unary_forward(result, input_at<Ctx, ins.a>(v, xs, batch_size));
            else rules->binary_forward(result, input_at<Ctx, ins.a>(v, xs, batch_size), input_at<Ctx, ins.b>(v, xs, batch_size));
        } else if constexpr (rules->arity == 1) {
            const T* a = value_at<Ctx, ins.a>(v, xs, batch_size);
            if constexpr (rules->has_array) {
                if (!std::is_constant_evaluated()) {
                    over_elements<out_shape>(out_dims.size(), [&](std::size_t begin, std::size_t end) {
                        rules->array_forward(out + begin, a + begin, end - begin);
                    });
                    return;
                }
            }
            const step_shapes dims{out_dims, shape_at<Ctx, ins.a>(batch_size), {}};
            // (a lambda calling the constant: a direct call, which g++ inlines into the
            // vectorized pass; the table's pointer passed on stayed a call per element)
            constexpr auto value = rules->unary_value;
            const auto f = [](T x) { return value(x); };
            over_rows<out_shape, true>(out_dims, [&](std::size_t first, std::size_t last) {
                map_unary<out_shape, prog.shapes[static_cast<std::size_t>(ins.a)]>(out, a, f, dims, first, last);
            });
        } else {
            const T* a = value_at<Ctx, ins.a>(v, xs, batch_size);
            const T* b = value_at<Ctx, ins.b>(v, xs, batch_size);
            const step_shapes dims{out_dims, shape_at<Ctx, ins.a>(batch_size), shape_at<Ctx, ins.b>(batch_size)};
            constexpr auto value = rules->binary_value;
            const auto f = [](T x, T y) { return value(x, y); };
            over_rows<out_shape, true>(out_dims, [&](std::size_t first, std::size_t last) {
                map_binary<out_shape, prog.shapes[static_cast<std::size_t>(ins.a)], prog.shapes[static_cast<std::size_t>(ins.b)]>(
                    out, a, b, f, dims, first, last);
            });
        }
    }
}

/// Operand K's share of reverse step S, into its adjoint storage.
template <class Ctx, std::size_t S, std::size_t K, class T>
CTGRAD_INLINE constexpr void tensor_contribution(T* v, const T* const* xs, T* g, std::size_t batch_size) {
    constexpr auto& Step = Ctx::schedule::value.steps[S];
    using ProgramOf = typename Ctx::program;
    using Layout = value_layout<ProgramOf>;
    constexpr auto& prog = ProgramOf::value;
    constexpr auto& ins = Step.ins;
    constexpr auto rules = ins.rules;
    constexpr auto& adjoints = adjoint_layout<typename Ctx::schedule>::value;
    constexpr shape out_shape = prog.shapes[static_cast<std::size_t>(Step.node)];
    constexpr shape sa = prog.shapes[static_cast<std::size_t>(ins.a)];
    constexpr shape sb = rules->arity > 1 ? prog.shapes[static_cast<std::size_t>(ins.b)] : shape{};
    constexpr shape operand_shape = K == 0 ? sa : sb;
    constexpr unsigned reads = rules->properties.reverse_reads[K];
    const step_shapes dims{concrete<out_shape>(batch_size), concrete<sa>(batch_size), concrete<sb>(batch_size)};
    const shape operand_dims = K == 0 ? dims.a : dims.b;
    constexpr element_count dst_at = adjoints.offset[static_cast<std::size_t>(Step.dst[K])];
    constexpr element_count adj_at = adjoints.offset[static_cast<std::size_t>(Step.adjoint)];
    T* dst = g + offset_at_batch<dst_at.per_batch, dst_at.fixed>(batch_size);
    const T* adj = g + offset_at_batch<adj_at.per_batch, adj_at.fixed>(batch_size);
    // a value the rule does not read may not exist yet: it is never loaded
    const T* a = reads & reads_a ? value_at<Ctx, ins.a>(v, xs, batch_size) : nullptr;
    const T* out = reads & reads_out ? value_at<Ctx, Step.node>(v, xs, batch_size) : nullptr;
    constexpr auto& layout = Layout::value;
    constexpr auto node = static_cast<std::size_t>(Step.node);
    // the kernels' scratch region: no other kernel is running
    [[maybe_unused]] const tensor_out<T> share{dst, operand_dims,
                                               v + offset_at_batch<layout.scratch_start.per_batch, layout.scratch_start.fixed>(batch_size),
                                               scratch_of<Layout, node>(batch_size)};
    [[maybe_unused]] const tensor_in<T> self{
        out, dims.out, v + offset_at_batch<layout.kept_offset[node].per_batch, layout.kept_offset[node].fixed>(batch_size)};
    if constexpr (rules->arity == 1) {
        if constexpr (rules->kernel) {
            rules->unary_vjp(share, !Step.first[K], {a, dims.a}, self, {adj, dims.out});
        } else {
            constexpr auto f = rules->unary_backward;
            if constexpr (rules->has_array) {
                if (!std::is_constant_evaluated()) {  // an elementwise unary operand has the node's shape
                    over_elements<out_shape>(dims.out.size(), [&](std::size_t begin, std::size_t end) {
                        rules->array_backward(dst + begin, !Step.first[K], a ? a + begin : a, out ? out + begin : out,
                                              adj + begin, end - begin);
                    });
                    return;
                }
            }
            over_scatter<out_shape, operand_shape>(dims.out, [&](std::size_t first, std::size_t last, std::size_t col_first,
                                                                 std::size_t col_last) {
                scatter<out_shape, operand_shape, sa, sa, Step.first[K]>(
                    dst,
                    [&](std::size_t k, std::size_t ia, std::size_t) {
                        return f(reads & reads_a ? a[ia] : T(0), reads & reads_out ? out[k] : T(0), adj[k]);
                    },
                    step_shapes{dims.out, dims.a, dims.a}, operand_dims, first, last, col_first, col_last);
            });
        }
    } else {
        const T* b = reads & reads_b ? value_at<Ctx, ins.b>(v, xs, batch_size) : nullptr;
        if constexpr (rules->kernel) {
            constexpr auto f = rules->binary_vjp[K];
            f(share, !Step.first[K], {a, dims.a}, {b, dims.b}, self, {adj, dims.out});
        } else {
            constexpr auto f = rules->binary_backward[K];
            over_scatter<out_shape, operand_shape>(dims.out, [&](std::size_t first, std::size_t last, std::size_t col_first,
                                                                 std::size_t col_last) {
                scatter<out_shape, operand_shape, sa, sb, Step.first[K]>(
                    dst,
                    [&](std::size_t k, std::size_t ia, std::size_t ib) {
                        return f(reads & reads_a ? a[ia] : T(0), reads & reads_b ? b[ib] : T(0),
                                 reads & reads_out ? out[k] : T(0), adj[k]);
                    },
                    dims, operand_dims, first, last, col_first, col_last);
            });
        }
    }
}

/// Reverse step K of Ctx's schedule, on whole tensors (named by its index: a step's value
/// holds arrays, see scalar_reverse).
template <class Ctx, std::size_t K, class T>
CTGRAD_INLINE constexpr void tensor_reverse_step(T* v, const T* const* xs, T* g, std::size_t batch_size) {
    constexpr auto& Step = Ctx::schedule::value.steps[K];
    if constexpr (Step.to[0] && Step.write[0]) tensor_contribution<Ctx, K, 0>(v, xs, g, batch_size);
    if constexpr (Step.ins.rules->arity > 1 && Step.to[1] && Step.write[1]) tensor_contribution<Ctx, K, 1>(v, xs, g, batch_size);
}
}  // namespace ctgrad::detail
