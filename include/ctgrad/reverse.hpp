// ctgrad/reverse.hpp - value_and_grad: one forward sweep and one reverse sweep over
// the distinct subexpressions, with no tape and no allocation.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/sweep.hpp>
#include <ctgrad/eval.hpp>

namespace ctgrad {

/// Partial derivatives by variable: g[x], or g.values in wrt order.
template <class T, class... Vars>
struct gradient {
    std::array<T, sizeof...(Vars)> values{};

    template <fixed_string Name>
    constexpr const T& operator[](var<Name>) const {
        constexpr std::size_t i = index<Name>();
        return values[i];
    }
    constexpr const T& operator[](std::size_t i) const { return values[i]; }
    static constexpr std::size_t size() { return sizeof...(Vars); }
    constexpr auto begin() const { return values.begin(); }
    constexpr auto end() const { return values.end(); }

private:
    template <fixed_string Name>
    static constexpr std::size_t index() {
        constexpr std::array<std::string_view, sizeof...(Vars)> names{Vars::name.view()...};
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == Name.view()) return i;
        throw "ctgrad::gradient::operator[]: this variable is not in the wrt(...) list";
    }
};

/// The value of f and its gradient.
template <class T, class... Vars>
struct value_and_gradient {
    T value;
    gradient<T, Vars...> grad;
};

namespace detail {
/// One step of the reverse sweep: the adjoint of `node` flows to its active operands;
/// the first contribution to a slot assigns, later ones add (no zero-initialization).
template <class T>
struct reverse_step_info {
    instruction<T> ins;
    int node = 0;
    int adjoint = 0;  // where node's adjoint is stored
    int dst_a = 0, dst_b = 0;  // where the operands' adjoints are stored
    bool to_a = false, to_b = false, first_a = false, first_b = false;
    bool write_a = true, write_b = true;  // false when the operand shares node's storage
    int after = -1;  // runs once the forward sweep has computed slot `after`
};

/// Share = false keeps every node's adjoint in its own slot (to_dot shows them all).
template <class ProgramOf, class W, class T, bool Share = true>
struct reverse_schedule {
    static constexpr auto& Prog = ProgramOf::value;
    static constexpr std::size_t n = Prog.code.size();
    static constexpr int root = Prog.roots[0];

    struct result {
        std::array<reverse_step_info<T>, n> steps{};
        std::size_t count = 0;
        std::array<bool, n> touched{};
        std::array<int, n> storage{};
    };
    static constexpr result value = [] {
        std::vector<char> active(n, 0);
        for (std::size_t i = 0; i < W::size; ++i) {
            int slot = ProgramOf::slot_of(W::hashes[i], W::names[i]);
            if (slot >= 0) active[static_cast<std::size_t>(slot)] = true;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const auto& ins = Prog.code[i];
            if (ins.kind == slot_kind::unary)
                active[i] = !ins.rules->zero_derivative && active[static_cast<std::size_t>(ins.a)];
            else if (ins.kind == slot_kind::binary)
                active[i] = !ins.rules->zero_derivative &&
                            (active[static_cast<std::size_t>(ins.a)] || active[static_cast<std::size_t>(ins.b)]);
        }
        // Which nodes take a reverse step: reached from the root through active nodes.
        auto is_step = [&](std::size_t i) {
            const auto& ins = Prog.code[i];
            return (ins.kind == slot_kind::unary || ins.kind == slot_kind::binary) && active[i];
        };
        std::vector<char> reached(n, 0);
        if (active[static_cast<std::size_t>(root)]) reached[static_cast<std::size_t>(root)] = true;
        for (std::size_t j = n; j-- > 0;) {
            if (!reached[j] || !is_step(j)) continue;
            const auto& ins = Prog.code[j];
            if (active[static_cast<std::size_t>(ins.a)]) reached[static_cast<std::size_t>(ins.a)] = true;
            if (ins.kind == slot_kind::binary && active[static_cast<std::size_t>(ins.b)])
                reached[static_cast<std::size_t>(ins.b)] = true;
        }
        // The order of the steps, interleaved with the forward sweep: a step runs as soon as
        // every step feeding its adjoint has run and the forward values it reads exist. The
        // terms of a sum thus finish their backward step right after their forward one, as
        // hand-written backprop does, instead of keeping every intermediate to the end.
        // the last forward slot a step reads (-1: none), from its op's reverse_reads
        auto needs = [&](std::size_t j) {
            const auto& ins = Prog.code[j];
            int last = -1;
            auto add = [&](unsigned mask) {
                if (mask & reads_a) last = std::max(last, ins.a);
                if (mask & reads_b) last = std::max(last, ins.b);
                if (mask & reads_out) last = static_cast<int>(j);
            };
            if (active[static_cast<std::size_t>(ins.a)]) add(ins.rules->reads_lhs);
            if (ins.kind == slot_kind::binary && active[static_cast<std::size_t>(ins.b)]) add(ins.rules->reads_rhs);
            return last;
        };
        std::vector<int> pending(n, 0);  // steps still to contribute to a node's adjoint
        for (std::size_t j = 0; j < n; ++j) {
            if (!reached[j] || !is_step(j)) continue;
            const auto& ins = Prog.code[j];
            if (active[static_cast<std::size_t>(ins.a)]) ++pending[static_cast<std::size_t>(ins.a)];
            if (ins.kind == slot_kind::binary && active[static_cast<std::size_t>(ins.b)]) ++pending[static_cast<std::size_t>(ins.b)];
        }
        std::vector<int> order, after(n, -1), ready;
        std::vector<std::vector<int>> waiting(n);  // by the slot they wait for
        int position = -1;
        auto release = [&](std::size_t j) {  // every contribution to j's adjoint is in
            if (!reached[j] || !is_step(j)) return;
            int need = needs(j);
            if (need <= position) ready.push_back(static_cast<int>(j));
            else waiting[static_cast<std::size_t>(need)].push_back(static_cast<int>(j));
        };
        auto drain = [&] {
            while (!ready.empty()) {
                auto j = static_cast<std::size_t>(ready.back());
                ready.pop_back();
                order.push_back(static_cast<int>(j));
                after[j] = position;
                const auto& ins = Prog.code[j];
                auto a = static_cast<std::size_t>(ins.a);
                if (active[a] && --pending[a] == 0) release(a);
                if (ins.kind == slot_kind::binary) {
                    auto b = static_cast<std::size_t>(ins.b);
                    if (active[b] && --pending[b] == 0) release(b);
                }
            }
        };
        if (reached[static_cast<std::size_t>(root)]) release(static_cast<std::size_t>(root));
        drain();
        for (std::size_t i = 0; i < n; ++i) {
            position = static_cast<int>(i);
            for (int j : waiting[i]) ready.push_back(j);
            drain();
        }

        std::vector<char> touched(n, 0);
        std::vector<int> uses(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& ins = Prog.code[i];
            if (ins.kind == slot_kind::unary || ins.kind == slot_kind::binary) ++uses[static_cast<std::size_t>(ins.a)];
            if (ins.kind == slot_kind::binary) ++uses[static_cast<std::size_t>(ins.b)];
        }
        // Adjoint storage: an operand whose contribution is the adjoint itself (a + b) takes
        // over its parent's storage instead of copying it: the parent's adjoint is dead after
        // its own step. A storage may hold several pending operands only while none of them
        // can receive a later contribution (single use); a multi-use operand holds it alone.
        std::vector<int> storage(n, 0), live(n, 0), multi_live(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
            storage[i] = static_cast<int>(i);
            live[i] = 1;
            multi_live[i] = uses[i] > 1;
        }
        std::vector<reverse_step_info<T>> steps;
        if (active[static_cast<std::size_t>(root)]) {
            touched[static_cast<std::size_t>(root)] = true;
            for (int node : order) {
                auto j = static_cast<std::size_t>(node);
                const auto& ins = Prog.code[j];
                if (!touched[j] || !active[j]) continue;
                if (ins.kind != slot_kind::unary && ins.kind != slot_kind::binary) continue;
                reverse_step_info<T> s{ins, static_cast<int>(j)};
                s.after = after[j];
                s.adjoint = storage[j];
                auto here = static_cast<std::size_t>(storage[j]);
                --live[here];  // node j is done with its adjoint
                if (uses[j] > 1) --multi_live[here];
                auto a = static_cast<std::size_t>(ins.a);
                auto share = [&](std::size_t child, bool passes, bool first) {
                    if (!Share || !passes || !first) return false;
                    bool multi = uses[child] > 1;
                    if (multi ? live[here] != 0 : multi_live[here] != 0) return false;
                    ++live[here];
                    if (multi) ++multi_live[here];
                    --live[child];
                    if (multi) --multi_live[child];
                    storage[child] = static_cast<int>(here);
                    return true;
                };
                if (active[a]) {
                    s.to_a = true;
                    s.first_a = !touched[a];
                    touched[a] = true;
                    s.write_a = !share(a, ins.kind == slot_kind::binary && ins.rules->passes_lhs, s.first_a);
                    s.dst_a = storage[a];
                }
                if (ins.kind == slot_kind::binary) {
                    auto b = static_cast<std::size_t>(ins.b);
                    if (active[b]) {
                        s.to_b = true;
                        s.first_b = !touched[b];
                        touched[b] = true;
                        s.write_b = !share(b, ins.rules->passes_rhs, s.first_b);
                        s.dst_b = storage[b];
                    }
                }
                steps.push_back(s);
            }
        }
        result r;
        r.count = steps.size();
        for (std::size_t i = 0; i < steps.size(); ++i) r.steps[i] = steps[i];
        for (std::size_t i = 0; i < n; ++i) {
            r.touched[i] = touched[i];
            r.storage[i] = storage[i];
        }
        return r;
    }();

    /// The forward instructions (i >= 0) and the reverse steps (-1 - k for step k) in the
    /// order they run when value_and_grad interleaves them.
    static constexpr std::size_t length = n + value.count;
    static constexpr std::array<int, length> interleaved = [] {
        std::array<int, length> out{};
        std::size_t k = 0, step = 0;
        auto steps_after = [&](int position) {
            while (step < value.count && value.steps[step].after == position) out[k++] = -1 - static_cast<int>(step++);
        };
        steps_after(-1);
        for (std::size_t i = 0; i < n; ++i) {
            out[k++] = static_cast<int>(i);
            steps_after(static_cast<int>(i));
        }
        return out;
    }();

    /// For each wrt variable: the slot holding its adjoint, or -1 where the partial is 0.
    static constexpr std::array<int, W::size> gradient_source = [] {
        std::array<int, W::size> src{};
        for (std::size_t i = 0; i < W::size; ++i) {
            int slot = ProgramOf::slot_of(W::hashes[i], W::names[i]);
            src[i] = (slot >= 0 && value.touched[static_cast<std::size_t>(slot)]) ? value.storage[static_cast<std::size_t>(slot)] : -1;
        }
        return src;
    }();
};

/// A value the rule does not read is passed as 0 and never loaded: the forward sweep may
/// not have computed it yet (a constant expression must not read it at all).
template <auto Step, class T>
CTGRAD_INLINE constexpr void reverse_step([[maybe_unused]] const T* v, T* g) {
    constexpr auto& ins = Step.ins;
    const T adj = g[Step.adjoint];
    if constexpr (ins.kind == slot_kind::unary) {
        constexpr auto f = ins.rules->unary_backward;
        constexpr unsigned m = ins.rules->reads_lhs;
        T d = f(m & reads_a ? v[ins.a] : T(0), m & reads_out ? v[Step.node] : T(0), adj);
        if constexpr (Step.first_a) g[Step.dst_a] = d;
        else g[Step.dst_a] += d;
    } else {
        if constexpr (Step.to_a && Step.write_a) {
            constexpr auto f = ins.rules->backward_lhs;
            constexpr unsigned m = ins.rules->reads_lhs;
            T d = f(m & reads_a ? v[ins.a] : T(0), m & reads_b ? v[ins.b] : T(0), m & reads_out ? v[Step.node] : T(0), adj);
            if constexpr (Step.first_a) g[Step.dst_a] = d;
            else g[Step.dst_a] += d;
        }
        if constexpr (Step.to_b && Step.write_b) {
            constexpr auto f = ins.rules->backward_rhs;
            constexpr unsigned m = ins.rules->reads_rhs;
            T d = f(m & reads_a ? v[ins.a] : T(0), m & reads_b ? v[ins.b] : T(0), m & reads_out ? v[Step.node] : T(0), adj);
            if constexpr (Step.first_b) g[Step.dst_b] = d;
            else g[Step.dst_b] += d;
        }
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

template <class W>
struct wrt_vars;
template <class... Vars>
struct wrt_vars<wrt_list<Vars...>> {
    template <class T>
    using result = value_and_gradient<T, Vars...>;
};
}  // namespace detail

/// value_and_grad(f, wrt(a, b), p): f(p) and df/da, df/db at p, from one forward and
/// one reverse sweep. Variables in wrt that f does not use get 0.
template <expression E, wrt_like W, point_like P>
constexpr auto value_and_grad(const E& f, W, const P& p) {
    using T = typename P::value_type;
    using prog_t = detail::program_of<T, E>;
    using schedule = detail::reverse_schedule<prog_t, W, T>;
    using map = detail::point_map<prog_t, P>;
    using result = typename detail::wrt_vars<W>::template result<T>;
    constexpr auto root = static_cast<std::size_t>(prog_t::value.roots[0]);
    if constexpr (!map::complete) {
        detail::forward_values<T>(p, f);  // reports the unbound variable
        return result{};
    } else {
    auto c = detail::value_constants_of<T, prog_t>(f);
    detail::slots<T, prog_t::value.code.size()> v;
    detail::slots<T, prog_t::value.code.size()> g;
    g[static_cast<std::size_t>(schedule::value.storage[root])] = T(1);
    detail::interleaved_sweep<schedule, map>(v.data(), p.values.data(), c.data(), g.data());
    result r{v[root], {}};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        [[maybe_unused]] int order[] = {
            0, (r.grad.values[I] = schedule::gradient_source[I] >= 0
                                       ? g[static_cast<std::size_t>(schedule::gradient_source[I] < 0 ? 0 : schedule::gradient_source[I])]
                                       : T(0),
                0)...};
    }(std::make_index_sequence<W::size>{});
    return r;
    }
}
}  // namespace ctgrad
