// ctgrad/detail/reverse_schedule.hpp - the reverse sweep planned at compile time, in five
// phases, each a function over a program's instructions:
//   1. active_slots      which slots depend on a wrt variable
//   2. reached_slots     which of them the root's adjoint reaches
//   3. interleave        when each reverse step may run within the forward sweep
//   4. use_counts        how many operations read each slot
//   5. plan_steps        the steps in that order, with adjoint storage shared where an
//                        operation passes its adjoint on unchanged (a + b)
// reverse_schedule<Program, Wrt, T> runs them once per program and keeps the result.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include <ctgrad/detail/program.hpp>

namespace ctgrad::detail {

/// One step of the reverse sweep: the adjoint of `node` flows to its active operands;
/// the first contribution to a slot assigns, later ones add (no zero-initialization).
template <class T>
struct reverse_step_info {
    instruction<T> ins;
    int node = 0;
    int adjoint = 0;                               // where node's adjoint is stored
    std::array<int, max_operands> dst{};           // where each operand's adjoint is stored
    std::array<bool, max_operands> to{};           // the operand is active: the step feeds it
    std::array<bool, max_operands> first{};        // the first contribution to it: assign
    std::array<bool, max_operands> write{true, true};  // false: it shares node's storage
    int after = -1;  // runs once the forward sweep has computed slot `after`
};

/// Phase 1: a slot is active when it is a wrt variable, or an operation with an active
/// operand that is not piecewise constant.
template <class Code>
constexpr std::vector<char> active_slots(const Code& code, const std::vector<int>& wrt_slots) {
    std::vector<char> active(code.size(), 0);
    for (int slot : wrt_slots)
        if (slot >= 0) active[static_cast<std::size_t>(slot)] = true;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const auto& ins = code[i];
        if (ins.kind != slot_kind::operation || ins.rules->properties.zero_derivative) continue;
        for (std::size_t k = 0; k < ins.arity(); ++k)
            if (active[static_cast<std::size_t>(ins.operand(k))]) active[i] = true;
    }
    return active;
}

/// An operation through which an adjoint flows.
template <class Code>
constexpr bool is_step(const Code& code, const auto& active, std::size_t i) {
    return code[i].kind == slot_kind::operation && active[i];
}

/// Phase 2: the active slots reached from the root through active operations.
template <class Code>
constexpr std::vector<char> reached_slots(const Code& code, const auto& active, std::size_t root) {
    std::vector<char> reached(code.size(), 0);
    if (active[root]) reached[root] = true;
    for (std::size_t j = code.size(); j-- > 0;) {
        if (!reached[j] || !is_step(code, active, j)) continue;
        for (std::size_t k = 0; k < code[j].arity(); ++k) {
            auto operand = static_cast<std::size_t>(code[j].operand(k));
            if (active[operand]) reached[operand] = true;
        }
    }
    return reached;
}

/// The last forward slot the reverse step of j reads (-1: none), from its reverse_reads.
template <class Code>
constexpr int last_read(const Code& code, const auto& active, std::size_t j) {
    const auto& ins = code[j];
    int last = -1;
    for (std::size_t k = 0; k < ins.arity(); ++k) {
        if (!active[static_cast<std::size_t>(ins.operand(k))]) continue;
        unsigned mask = ins.rules->properties.reverse_reads[k];
        if (mask & reads_a) last = std::max(last, ins.a);
        if (mask & reads_b) last = std::max(last, ins.b);
        if (mask & reads_out) last = static_cast<int>(j);
    }
    return last;
}

struct interleaving {
    std::vector<int> order;  // the reverse steps, in the order they run
    std::vector<int> after;  // per slot: the forward slot after which its step runs
};

/// Phase 3: a step runs as soon as every step feeding its adjoint has run and the forward
/// values it reads exist. The terms of a sum thus finish their backward step right after
/// their forward one, as hand-written backprop does, instead of keeping every intermediate
/// alive to the end.
template <class Code>
constexpr interleaving interleave(const Code& code, const auto& active, const auto& reached, std::size_t root) {
    const std::size_t n = code.size();
    auto takes_step = [&](std::size_t j) { return reached[j] && is_step(code, active, j); };
    std::vector<int> pending(n, 0);  // steps still to contribute to a slot's adjoint
    for (std::size_t j = 0; j < n; ++j) {
        if (!takes_step(j)) continue;
        for (std::size_t k = 0; k < code[j].arity(); ++k) {
            auto operand = static_cast<std::size_t>(code[j].operand(k));
            if (active[operand]) ++pending[operand];
        }
    }
    interleaving out{{}, std::vector<int>(n, -1)};
    out.order.reserve(n);
    std::vector<int> ready;
    ready.reserve(n);
    // the steps waiting for each forward slot, as linked lists (first[slot], then next[step]):
    // n vectors of vectors cost more constant-evaluation steps than a large schedule is allowed
    std::vector<int> first(n, -1), next(n, -1);
    int position = -1;
    auto release = [&](std::size_t j) {  // every contribution to j's adjoint is in
        if (!takes_step(j)) return;
        int need = last_read(code, active, j);
        if (need <= position) {
            ready.push_back(static_cast<int>(j));
        } else {
            next[j] = first[static_cast<std::size_t>(need)];
            first[static_cast<std::size_t>(need)] = static_cast<int>(j);
        }
    };
    auto drain = [&] {
        while (!ready.empty()) {
            auto j = static_cast<std::size_t>(ready.back());
            ready.pop_back();
            out.order.push_back(static_cast<int>(j));
            out.after[j] = position;
            for (std::size_t k = 0; k < code[j].arity(); ++k) {
                auto operand = static_cast<std::size_t>(code[j].operand(k));
                if (active[operand] && --pending[operand] == 0) release(operand);
            }
        }
    };
    if (reached[root]) release(root);
    drain();
    for (std::size_t i = 0; i < n; ++i) {
        position = static_cast<int>(i);
        // (in the order they were released, as before: the list holds them newest first)
        std::size_t count = 0;
        for (int j = first[i]; j >= 0; j = next[static_cast<std::size_t>(j)]) ++count;
        for (std::size_t c = 0; c < count; ++c) ready.push_back(0);  // (not resize: clang rejects
                                                                      // libstdc++'s in constexpr)
        std::size_t k = ready.size();
        for (int j = first[i]; j >= 0; j = next[static_cast<std::size_t>(j)]) ready[--k] = j;
        drain();
    }
    return out;
}

/// Phase 4: how many operations read each slot.
template <class Code>
constexpr std::vector<int> use_counts(const Code& code) {
    std::vector<int> uses(code.size(), 0);
    for (const auto& ins : code)
        for (std::size_t k = 0; k < ins.arity(); ++k) ++uses[static_cast<std::size_t>(ins.operand(k))];
    return uses;
}

template <class T>
struct step_plan {
    std::vector<reverse_step_info<T>> steps;
    std::vector<char> touched;  // the slot receives an adjoint
    std::vector<int> storage;   // where the slot's adjoint lives
};

/// Phase 5: the steps in `order`, each with where its adjoint and its operands' adjoints
/// live. An operand whose contribution is the adjoint itself (passes_adjoint) takes over
/// its parent's storage instead of copying it: the parent's adjoint is dead after its own
/// step. A storage may hold several pending operands only while none of them can receive a
/// later contribution (single use); a multi-use operand holds it alone. Share = false gives
/// every slot its own storage (to_dot shows every adjoint).
template <class T, bool Share, class Code>
constexpr step_plan<T> plan_steps(const Code& code, const auto& active, const auto& order, const auto& after,
                                  const auto& uses, std::size_t root, const std::vector<std::size_t>& sizes = {}) {
    const std::size_t n = code.size();
    step_plan<T> plan{{}, std::vector<char>(n, 0), std::vector<int>(n, 0)};
    plan.steps.reserve(n);
    std::vector<int> live(n, 1), multi_live(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        plan.storage[i] = static_cast<int>(i);
        multi_live[i] = uses[i] > 1;
    }
    if (!active[root]) return plan;
    plan.touched[root] = true;
    for (int node : order) {
        auto j = static_cast<std::size_t>(node);
        const auto& ins = code[j];
        if (!plan.touched[j]) continue;
        reverse_step_info<T> s{ins, node};
        s.after = after[j];
        s.adjoint = plan.storage[j];
        auto here = static_cast<std::size_t>(plan.storage[j]);
        --live[here];  // node j is done with its adjoint
        if (uses[j] > 1) --multi_live[here];
        auto share = [&](std::size_t child, bool passes, bool first) {
            if (!Share || !passes || !first) return false;
            if (!sizes.empty() && sizes[child] != sizes[j]) return false;  // a broadcast operand sums instead
            bool multi = uses[child] > 1;
            if (multi ? live[here] != 0 : multi_live[here] != 0) return false;
            ++live[here];
            if (multi) ++multi_live[here];
            --live[child];
            if (multi) --multi_live[child];
            plan.storage[child] = static_cast<int>(here);
            return true;
        };
        for (std::size_t k = 0; k < ins.arity(); ++k) {
            auto operand = static_cast<std::size_t>(ins.operand(k));
            if (!active[operand]) continue;
            s.to[k] = true;
            s.first[k] = !plan.touched[operand];
            plan.touched[operand] = true;
            s.write[k] = !share(operand, ins.rules->properties.passes_adjoint[k], s.first[k]);
            s.dst[k] = plan.storage[operand];
        }
        plan.steps.push_back(s);
    }
    return plan;
}

/// The reverse sweep of ProgramOf's first root with respect to the variables of W.
template <class ProgramOf, class W, class T, bool Share = true>
struct reverse_schedule {
    using program_type = ProgramOf;
    static constexpr auto& Prog = ProgramOf::value;
    static constexpr std::size_t n = Prog.code.size();
    static constexpr auto root = static_cast<std::size_t>(Prog.roots[0]);

    struct result {
        std::array<reverse_step_info<T>, n> steps{};
        std::size_t count = 0;
        std::array<bool, n> touched{};
        std::array<int, n> storage{};
    };
    // Each phase is its own constant evaluation: clang allows 2^20 steps per evaluation
    // (-fconstexpr-steps), and the five phases of a 420-weight scalar network take more.
    template <class A>
    static constexpr std::array<A, n> to_array(const std::vector<A>& v) {
        std::array<A, n> out{};
        for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i];
        return out;
    }
    static constexpr std::array<char, n> active = [] {
        std::vector<int> wrt_slots;
        for (std::size_t i = 0; i < W::size; ++i) wrt_slots.push_back(ProgramOf::slot_of(W::hashes[i], W::names[i]));
        return to_array(active_slots(Prog.code, wrt_slots));
    }();
    static constexpr std::array<char, n> reached = to_array(reached_slots(Prog.code, active, root));
    struct timing_arrays {
        std::array<int, n> order{};  // the first `count` are the reverse steps, in order
        std::size_t count = 0;
        std::array<int, n> after{};
    };
    static constexpr timing_arrays timing = [] {
        const interleaving t = interleave(Prog.code, active, reached, root);
        return timing_arrays{to_array(t.order), t.order.size(), to_array(t.after)};
    }();
    static constexpr std::array<int, n> uses = to_array(use_counts(Prog.code));

    static constexpr result value = [] {
        std::vector<std::size_t> sizes;
        if (Prog.tensor)
            for (const auto& s : Prog.shapes) sizes.push_back(s.size());
        const auto plan = plan_steps<T, Share>(Prog.code, active, std::span<const int>(timing.order.data(), timing.count),
                                               timing.after, uses, root, sizes);
        result r;
        r.count = plan.steps.size();
        for (std::size_t i = 0; i < plan.steps.size(); ++i) r.steps[i] = plan.steps[i];
        for (std::size_t i = 0; i < n; ++i) {
            r.touched[i] = plan.touched[i];
            r.storage[i] = plan.storage[i];
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
            src[i] = (slot >= 0 && value.touched[static_cast<std::size_t>(slot)])
                         ? value.storage[static_cast<std::size_t>(slot)]
                         : -1;
        }
        return src;
    }();
};
}  // namespace ctgrad::detail
