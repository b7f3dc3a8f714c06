// ctgrad/detail/executor.hpp - the one executor: runs a program's forward instructions and
// its reverse steps, in the order a sweep asks for (forward only, forward then reverse, or
// interleaved: detail/reverse_schedule.hpp), over one value block and one adjoint block laid
// out by detail/layout.hpp. Each item is a step on a rank-0 node (detail/scalar_step.hpp:
// a program of scalars is all such steps, straight-line code) or on a whole tensor
// (detail/tensor_step.hpp). eval, value_and_grad, workspaces, to_dot and hessian all run here.
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/tensor.hpp>
#include <ctgrad/detail/layout.hpp>
#include <ctgrad/detail/point_map.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>
#include <ctgrad/detail/scalar_step.hpp>
#include <ctgrad/detail/tensor_step.hpp>

namespace ctgrad::detail {

/// What a sweep reads besides its blocks: the program, where its variables are in the point,
/// and the reverse schedule (void when the sweep only runs forward). All three are short keys.
template <class ProgramOf, class Map, class Schedule = void>
struct sweep_context {
    using program = ProgramOf;
    using map = Map;
    using schedule = Schedule;
};

// Orders: item i of a sweep is forward instruction at(i) when it is >= 0, else reverse step
// -1 - at(i).
template <class ProgramOf>
struct forward_order {
    static constexpr std::size_t length = ProgramOf::value.code.size();
    static constexpr int at(std::size_t i) { return static_cast<int>(i); }
};
template <class Schedule>
struct reverse_order {
    static constexpr std::size_t length = Schedule::value.count;
    static constexpr int at(std::size_t i) { return -1 - static_cast<int>(i); }
};
/// All forward, then all reverse.
template <class Schedule>
struct sequential_order {
    static constexpr std::size_t n = Schedule::n;
    static constexpr std::size_t length = n + Schedule::value.count;
    static constexpr int at(std::size_t i) { return i < n ? static_cast<int>(i) : -1 - static_cast<int>(i - n); }
};
/// Each reverse step as soon as the forward sweep has computed what it reads.
template <class Schedule>
struct interleaved_order {
    static constexpr std::size_t length = Schedule::length;
    static constexpr int at(std::size_t i) { return Schedule::interleaved[i]; }
};

/// Unrolled loops over long programs: folds of at most `chunk` calls (clang refuses folds
/// nested deeper than 256), one chunk function per `chunk` items.
inline constexpr std::size_t chunk = 32;
constexpr std::size_t chunk_count(std::size_t n) { return (n + chunk - 1) / chunk; }
constexpr std::size_t chunk_length(std::size_t n, std::size_t k) { return n - k * chunk < chunk ? n - k * chunk : chunk; }

/// One item of a sweep. A chunk of items is passed to the function that runs it as a
/// template argument by value: g++ mangles every instantiation's name, and a chunk named by
/// its program's type had a name as long as the expression (58 KB each at 8-32-4).
template <class T>
struct sweep_item {
    bool forward = false;
    bool whole = false;    // a step on whole tensors, run by its index
    int index = 0;         // whole: the instruction, or the reverse step
    instruction<T> ins{};  // rank 0, forward: operands as value offsets (a variable's: its place in the point)
    std::size_t slot = 0;  // rank 0, forward: the value's offset
    scalar_reverse<T> step{};  // rank 0, reverse: offsets into the blocks
};
template <class T>
struct sweep_chunk {
    std::array<sweep_item<T>, chunk> items{};
    bool whole = false;  // some item runs on whole tensors
};

/// A node that runs as a whole-tensor step: a kernel or an operation on tensors; a tensor
/// variable's forward "step" reads it in place (nothing to run).
template <class Prog>
constexpr bool is_whole(const Prog& prog, std::size_t slot) {
    const auto& ins = prog.code[slot];
    if (ins.kind == slot_kind::variable) return prog.shapes[slot].rank > 0;
    return ins.kind == slot_kind::operation && (ins.rules->kernel || prog.shapes[slot].rank > 0);
}

template <class Ctx, class T>
consteval sweep_item<T> item_at(int order) {
    constexpr auto& prog = Ctx::program::value;
    // a scalar step reads and writes rank-0 slots, which are static: their offsets are constants
    constexpr auto& values = value_layout<typename Ctx::program>::value.offset;
    auto value_offset = [&](int slot) { return static_cast<int>(values[static_cast<std::size_t>(slot)].fixed); };
    sweep_item<T> item;
    if (order >= 0) {
        const auto i = static_cast<std::size_t>(order);
        item.forward = true;
        if (is_whole(prog, i)) {
            item.whole = true;
            item.index = order;
            return item;
        }
        item.ins = prog.code[i];
        if (item.ins.kind == slot_kind::variable) item.ins.a = Ctx::map::index[static_cast<std::size_t>(item.ins.a)];
        if (item.ins.kind == slot_kind::operation && item.ins.rules->arity > 0) item.ins.a = value_offset(item.ins.a);
        if (item.ins.kind == slot_kind::operation && item.ins.rules->arity > 1) item.ins.b = value_offset(item.ins.b);
        item.slot = values[i].fixed;
        return item;
    }
    if constexpr (!std::is_void_v<typename Ctx::schedule>) {
        using schedule = typename Ctx::schedule;
        constexpr auto& adjoints = adjoint_layout<schedule>::value.offset;
        auto adjoint_offset = [&](int slot) { return static_cast<int>(adjoints[static_cast<std::size_t>(slot)].fixed); };
        const auto k = static_cast<std::size_t>(-1 - order);
        const auto& step = schedule::value.steps[k];
        if (is_whole(prog, static_cast<std::size_t>(step.node))) {
            item.whole = true;
            item.index = static_cast<int>(k);
            return item;
        }
        auto& out = item.step;
        out.rules = step.ins.rules;
        out.a = value_offset(step.ins.a);
        if (step.ins.rules->arity > 1) out.b = value_offset(step.ins.b);
        out.node = value_offset(step.node);
        out.adjoint = adjoint_offset(step.adjoint);
        out.feeds0 = step.to[0] && step.write[0];
        out.feeds1 = step.ins.rules->arity > 1 && step.to[1] && step.write[1];
        if (out.feeds0) out.dst0 = adjoint_offset(step.dst[0]), out.first0 = step.first[0];
        if (out.feeds1) out.dst1 = adjoint_offset(step.dst[1]), out.first1 = step.first[1];
    }
    return item;
}

/// The items of a sweep in Order, in chunks.
template <class Ctx, class Order, class T>
struct sweep_items {
    static constexpr std::size_t length = Order::length;
    static consteval sweep_chunk<T> at(std::size_t k) {
        sweep_chunk<T> out;
        for (std::size_t i = 0; i < chunk_length(length, k); ++i) {
            out.items[i] = item_at<Ctx, T>(Order::at(k * chunk + i));
            out.whole = out.whole || out.items[i].whole;
        }
        return out;
    }
};

template <bool Active, slot_kind Kind, int A, int B, std::intmax_t Num, std::intmax_t Den, auto Rules, std::size_t I, class T>
CTGRAD_INLINE constexpr void forward_step_if([[maybe_unused]] T* v, [[maybe_unused]] const T* x, [[maybe_unused]] const T* c) {
    if constexpr (Active) forward_step<Kind, A, B, Num, Den, Rules, I>(v, x, c);
}
template <bool Active, auto Step, class T>
CTGRAD_INLINE constexpr void reverse_step_if([[maybe_unused]] const T* v, [[maybe_unused]] T* g) {
    if constexpr (Active) reverse_step<Step>(v, g);
}
template <class Ctx, bool Whole, bool Forward, int Index, class T>
CTGRAD_INLINE constexpr void whole_step_if([[maybe_unused]] T* v, [[maybe_unused]] const T* const* xs, [[maybe_unused]] T* g,
                                           [[maybe_unused]] std::size_t batch_size) {
    if constexpr (Whole && Forward) tensor_forward_step<Ctx, static_cast<std::size_t>(Index)>(v, xs, batch_size);
    else if constexpr (Whole) tensor_reverse_step<Ctx, static_cast<std::size_t>(Index)>(v, xs, g, batch_size);
}

// Item fields are passed as separate template arguments: g++ handles thousands of scalar
// template arguments far faster than class-type ones.
template <class Ctx, auto Chunk, class T, std::size_t... I>
CTGRAD_INLINE constexpr void run_chunk([[maybe_unused]] T* v, [[maybe_unused]] const T* x,
                                       [[maybe_unused]] const T* const* xs, [[maybe_unused]] const T* c,
                                       [[maybe_unused]] T* g, [[maybe_unused]] std::size_t batch_size,
                                       std::index_sequence<I...>) {
    // Chunk.items[I] each time, not a reference to Chunk: that would emit the chunk's object
    if constexpr (Chunk.whole) {
        ((forward_step_if<Chunk.items[I].forward && !Chunk.items[I].whole, Chunk.items[I].ins.kind, Chunk.items[I].ins.a, Chunk.items[I].ins.b,
                          Chunk.items[I].ins.exact.num, Chunk.items[I].ins.exact.den, Chunk.items[I].ins.rules, Chunk.items[I].slot>(v, x, c),
          reverse_step_if<!Chunk.items[I].forward && !Chunk.items[I].whole, Chunk.items[I].step>(v, g),
          whole_step_if<Ctx, Chunk.items[I].whole, Chunk.items[I].forward, Chunk.items[I].index>(v, xs, g, batch_size)),
         ...);
    } else {
        ((forward_step_if<Chunk.items[I].forward, Chunk.items[I].ins.kind, Chunk.items[I].ins.a, Chunk.items[I].ins.b, Chunk.items[I].ins.exact.num,
                          Chunk.items[I].ins.exact.den, Chunk.items[I].ins.rules, Chunk.items[I].slot>(v, x, c),
          reverse_step_if<!Chunk.items[I].forward, Chunk.items[I].step>(v, g)),
         ...);
    }
}
template <class Ctx, class Items, class T, std::size_t... K>
CTGRAD_INLINE constexpr void run_chunks(T* v, const T* x, const T* const* xs, const T* c, T* g, std::size_t batch_size,
                                        std::index_sequence<K...>) {
    (run_chunk<Ctx, Items::at(K)>(v, x, xs, c, g, batch_size, std::make_index_sequence<chunk_length(Items::length, K)>{}), ...);
}

/// Runs the items of Order: values into v, adjoints into g (the root's seeded by the caller);
/// x are the point's scalars, xs where its tensors are, c the value constants, batch_size the
/// rows of the batched variables (core/shape.hpp; unused by a program without them).
template <class Ctx, class Order, class T>
CTGRAD_INLINE constexpr void sweep(T* v, const T* x, const T* const* xs, const T* c, T* g, std::size_t batch_size) {
    using items = sweep_items<Ctx, Order, T>;
    run_chunks<Ctx, items>(v, x, xs, c, g, batch_size, std::make_index_sequence<chunk_count(items::length)>{});
}

/// A program's value and adjoint blocks (detail::block), sized at compile time, or for a
/// batched program at the point's batch: made as `value_block<P, T> v(value_size<P>(batch))`.
template <class ProgramOf, class T>
using value_block = block<T, (value_layout<ProgramOf>::value.batched ? run_time_size : value_layout<ProgramOf>::size_at(1)),
                          ProgramOf::value.tensor>;
template <class ProgramOf>
constexpr std::size_t value_size(std::size_t batch_size) {
    return value_layout<ProgramOf>::size_at(batch_size);
}
template <class Schedule, class T>
using adjoint_block = block<T, (adjoint_layout<Schedule>::value.batched ? run_time_size : adjoint_layout<Schedule>::size_at(1)),
                            Schedule::program_type::value.tensor>;
template <class Schedule>
constexpr std::size_t adjoint_size(std::size_t batch_size) {
    return adjoint_layout<Schedule>::size_at(batch_size);
}

/// The first variable the point binds with another shape than the program's (a var<"W", 2, 3>
/// bound, a var<"W", 3, 2> used), or -1.
template <class ProgramOf, class Map, class P>
struct bound_shape_mismatch {
    static constexpr auto& prog = ProgramOf::value;
    static constexpr int index = []() consteval {
        for (std::size_t i = 0; i < prog.variables.size(); ++i)
            if (!(P::shapes[static_cast<std::size_t>(Map::index[i])] == prog.shapes[static_cast<std::size_t>(prog.variable_slots[i])]))
                return static_cast<int>(i);
        return -1;
    }();
    static constexpr std::string_view name = index < 0 ? std::string_view{} : prog.variables[std::size_t(index)];
    static constexpr shape bound = index < 0 ? shape{} : P::shapes[static_cast<std::size_t>(Map::index[std::size_t(index)])];
    static constexpr shape used = index < 0 ? shape{} : prog.shapes[static_cast<std::size_t>(prog.variable_slots[std::size_t(index)])];
};
/// Checks, at compile time, that the point binds each variable with the expression's shape;
/// else an error naming the variable, the shape bound and the shape the expression uses.
template <class ProgramOf, class Map, class P>
consteval bool shapes_bound_agree() {
    using mismatch = bound_shape_mismatch<ProgramOf, Map, P>;
    if constexpr (mismatch::index >= 0) {
        constexpr shape bound = mismatch::bound, used = mismatch::used;  // (g++ 12 crashes on mismatch::bound)
        CTGRAD_REPORT_VARIABLE_SHAPES(point_binds_the_variable_s_shape, point_binds_the_variable_with_another_shape,
                                      "ctgrad::at: the point binds a variable with another shape than the expression's",
                                      mismatch::name, shape_diagnostic<bound>, shape_diagnostic<used>);
    }
    return true;  // the report above is the error
}

/// One forward sweep over the program of Roots...; returns the value block. Forced inline, as
/// the sweep is: out of line (clang++), every value was copied out to be returned.
template <class T, class P, class... Roots>
    requires std::is_same_v<T, typename P::value_type>
CTGRAD_INLINE constexpr auto forward_values(const P& p, const Roots&... roots) {
    using prog_t = program_of<T, Roots...>;
    using map = point_map<prog_t, P>;
    if constexpr (!map::complete) {
        CTGRAD_REPORT_VARIABLE(point_binds_every_variable_of_the_expression, eval_finds_no_value_for_variable,
                               "ctgrad::eval: a variable of the expression has no value in this point",
                               map::unbound_name);
        return block<T, 1>(1);
    } else {
        static_assert(shapes_bound_agree<prog_t, map, P>());
        const auto c = value_constants_of<T, prog_t>(roots...);
        value_block<prog_t, T> v(value_size<prog_t>(p.batch()));
        sweep<sweep_context<prog_t, map>, forward_order<prog_t>>(v.data(), p.scalars(), p.bound(), c.data(),
                                                                 static_cast<T*>(nullptr), p.batch());
        return v;
    }
}

/// The value of slot S as eval returns it: a scalar, or an owned tensor (of the bound rows,
/// where it is batched).
template <class Ctx, int S, class T>
constexpr auto result_value(const T* v, const T* const* xs, std::size_t batch_size) {
    constexpr shape s = Ctx::program::value.shapes[static_cast<std::size_t>(S)];
    const T* data = value_at<Ctx, S>(v, xs, batch_size);
    if constexpr (s.rank == 0) return data[0];
    else if constexpr (s.batched()) {
        const shape dims = at_batch(s, batch_size);
        return batch_tensor<T>(std::vector<T>(data, data + dims.size()), dims);
    } else {
        tensor<T, s> t;
        for (std::size_t k = 0; k < s.size(); ++k) t.data()[k] = data[k];
        return t;
    }
}

/// Where each wrt variable's adjoint is in the adjoint block, or -1 where the partial is 0.
/// (A function, not a lambda in the variable template's initializer: g++ 12 gave every
/// specialization one closure type and one cached result.)
template <class Schedule>
consteval auto find_gradient_offsets() {
    constexpr auto& source = Schedule::gradient_source;
    std::array<long, source.size()> out{};
    for (std::size_t i = 0; i < source.size(); ++i)
        out[i] = source[i] < 0 ? -1 : static_cast<long>(adjoint_layout<Schedule>::value.offset[static_cast<std::size_t>(source[i])].fixed);
    return out;
}
template <class Schedule>
inline constexpr auto gradient_offsets = find_gradient_offsets<Schedule>();

template <std::size_t Size, class T>
CTGRAD_INLINE constexpr void copy_adjoint(T* out, const T* from) {
    for (std::size_t k = 0; k < Size; ++k) out[k] = from != nullptr ? from[k] : T(0);
}
/// The gradient out of the adjoint block (zeros for a variable f does not depend on). A
/// function forced inline, not a lambda: clang++ left the lambda out of line, and the
/// gradient then went through a zeroed temporary and a copy (3 KB at N = 128).
template <class Schedule, class G, class T, std::size_t... I>
CTGRAD_INLINE constexpr void copy_gradient(G& grad, const T* g, std::index_sequence<I...>) {
    constexpr auto& offsets = gradient_offsets<Schedule>;
    // array initializers, not folds: clang++ nests a fold's operators (limit 256 levels)
    if constexpr (G::contiguous) {  // every variable a scalar: one array
        T* out = grad.values.data();
        [[maybe_unused]] const int order[] = {0, (out[I] = offsets[I] < 0 ? T(0) : g[offsets[I] < 0 ? 0 : offsets[I]], 0)...};
    } else {
        [[maybe_unused]] const int order[] = {
            0, (copy_adjoint<G::template extent<I>>(grad.template data<I>(), offsets[I] < 0 ? nullptr : g + (offsets[I] < 0 ? 0 : offsets[I])),
                0)...};
    }
}

/// Programs of scalars up to this many slots run forward then reverse; longer ones and
/// programs with tensors interleave the reverse steps with the forward sweep. In a program
/// this small every value fits in registers, and reverse steps run between its calls (exp)
/// would keep more values across them (seed Q1(b): 10.7 -> 9.9 ns, hand-written 9.8).
inline constexpr std::size_t small_program = 32;

/// f(p) and its gradient with respect to W, in Result (a value_and_gradient).
template <class T, class ProgramOf, class W, class Map, class Result, class P, class E>
CTGRAD_INLINE constexpr Result run_value_and_grad(const P& p, const E& f) {
    constexpr auto& prog = ProgramOf::value;
    constexpr bool sequential = !prog.tensor && prog.code.size() <= small_program;
    using schedule = reverse_schedule<ProgramOf, W, T, !sequential>;
    using ctx = sweep_context<ProgramOf, Map, schedule>;
    using order = std::conditional_t<sequential, sequential_order<schedule>, interleaved_order<schedule>>;
    constexpr auto root = static_cast<std::size_t>(prog.roots[0]);
    static_assert(shapes_bound_agree<ProgramOf, Map, P>());
    const auto c = value_constants_of<T, ProgramOf>(f);
    value_block<ProgramOf, T> v(value_size<ProgramOf>(p.batch()));
    adjoint_block<schedule, T> g(adjoint_size<schedule>(p.batch()));
    if constexpr (schedule::value.touched[root])
        g[adjoint_layout<schedule>::value.offset[static_cast<std::size_t>(schedule::value.storage[root])].fixed] = T(1);
    sweep<ctx, order>(v.data(), p.scalars(), p.bound(), c.data(), g.data(), p.batch());
    Result r{};
    r.value = value_at<ctx, static_cast<int>(root)>(v.data(), p.bound(), p.batch())[0];
    copy_gradient<schedule>(r.grad, g.data(), std::make_index_sequence<W::size>{});
    return r;
}
}  // namespace ctgrad::detail
