// ctgrad/detail/reverse_schedule.hpp - the reverse sweep planned at compile time, in five
// phases, each a function over a program's instructions:
//   1. active_slots      which slots depend on a wrt variable
//   2. reached_slots     which of them the root's adjoint reaches
//   3. interleave_into   when each reverse step may run within the forward sweep
//   4. use_counts        how many operations read each slot
//   5. plan_steps_into   the steps in that order, with adjoint storage shared where an
//                        operation passes its adjoint on unchanged (a + b)
// reverse_schedule<Program, Wrt, T> runs them once per program and wrt list, each phase its own
// constant evaluation, and keeps every phase's result (tests read them there).
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

/// The last forward slot the reverse step of j reads (-1: none), from its reverse_reads; a
/// kernel that keeps values for its backward (ops/kernel.hpp) reads its own forward step's.
template <class Code>
constexpr int last_read(const Code& code, const auto& active, std::size_t j) {
    const auto& ins = code[j];
    int last = ins.kind == slot_kind::operation && ins.rules->has_kept ? static_cast<int>(j) : -1;
    for (std::size_t k = 0; k < ins.arity(); ++k) {
        if (!active[static_cast<std::size_t>(ins.operand(k))]) continue;
        unsigned mask = ins.rules->properties.reverse_reads[k];
        if (mask & reads_a) last = std::max(last, ins.a);
        if (mask & reads_b) last = std::max(last, ins.b);
        if (mask & reads_out) last = static_cast<int>(j);
    }
    return last;
}

/// Phase 3a: per slot, the forward slot its reverse step waits for (last_read), or -2 when
/// the slot takes no step.
template <class Code>
constexpr std::vector<int> step_needs(const Code& code, const auto& active, const auto& reached) {
    std::vector<int> need(code.size(), -2);
    for (std::size_t j = 0; j < code.size(); ++j)
        if (reached[j] && is_step(code, active, j)) need[j] = last_read(code, active, j);
    return need;
}
/// Phase 3b: per slot, how many steps contribute to its adjoint.
template <class Code>
constexpr std::vector<int> pending_contributions(const Code& code, const auto& active, const auto& need) {
    std::vector<int> pending(code.size(), 0);
    for (std::size_t j = 0; j < code.size(); ++j) {
        if (need[j] == -2) continue;
        for (std::size_t k = 0; k < code[j].arity(); ++k) {
            auto operand = static_cast<std::size_t>(code[j].operand(k));
            if (active[operand]) ++pending[operand];
        }
    }
    return pending;
}

/// Phase 3: a step runs as soon as every step feeding its adjoint has run and the forward
/// values it reads exist. The terms of a sum thus finish their backward step right after
/// their forward one, as hand-written backprop does, instead of keeping every intermediate
/// alive to the end. Writes the steps in order to `order` (returns their number) and, per
/// slot, the forward slot after which its step runs to `after`. Plain arrays, not vectors:
/// clang allows 2^20 steps per constant evaluation, and every vector access is several.
template <class Code, class Need, class Pending, class Out>
constexpr std::size_t interleave_into(const Code& code, const auto& active, const Need& need, const Pending& pending_in,
                                      std::size_t root, Out& order, Out& after) {
    const std::size_t n = code.size();
    int* pending = new int[n];
    int* first = new int[n];  // the steps waiting for each forward slot, as linked lists
    int* next = new int[n];
    int* ready = new int[n];
    std::size_t ready_size = 0, count = 0;
    for (std::size_t j = 0; j < n; ++j) {
        pending[j] = pending_in[j];
        first[j] = next[j] = -1;
        after[j] = -1;
    }
    int position = -1;
    auto release = [&](std::size_t j) {  // every contribution to j's adjoint is in
        if (need[j] == -2) return;
        if (need[j] <= position) {
            ready[ready_size++] = static_cast<int>(j);
        } else {
            next[j] = first[static_cast<std::size_t>(need[j])];
            first[static_cast<std::size_t>(need[j])] = static_cast<int>(j);
        }
    };
    auto drain = [&] {
        while (ready_size > 0) {
            auto j = static_cast<std::size_t>(ready[--ready_size]);
            order[count++] = static_cast<int>(j);
            after[j] = position;
            const auto& ins = code[j];
            for (std::size_t k = 0; k < ins.arity(); ++k) {
                auto operand = static_cast<std::size_t>(ins.operand(k));
                if (active[operand] && --pending[operand] == 0) release(operand);
            }
        }
    };
    release(root);
    drain();
    for (std::size_t i = 0; i < n; ++i) {
        position = static_cast<int>(i);
        // in the order they were released (the list holds them newest first)
        std::size_t waiting = 0;
        for (int j = first[i]; j >= 0; j = next[static_cast<std::size_t>(j)]) ++waiting;
        std::size_t k = ready_size + waiting;
        for (int j = first[i]; j >= 0; j = next[static_cast<std::size_t>(j)]) ready[--k] = j;
        ready_size += waiting;
        drain();
    }
    delete[] pending;
    delete[] first;
    delete[] next;
    delete[] ready;
    return count;
}

/// Phase 4: how many operations read each slot.
template <class Code>
constexpr std::vector<int> use_counts(const Code& code) {
    std::vector<int> uses(code.size(), 0);
    for (const auto& ins : code)
        for (std::size_t k = 0; k < ins.arity(); ++k) ++uses[static_cast<std::size_t>(ins.operand(k))];
    return uses;
}

/// Phase 5: the steps in `order`, each with where its adjoint and its operands' adjoints
/// live. An operand whose contribution is the adjoint itself (passes_adjoint) takes over
/// its parent's storage instead of copying it: the parent's adjoint is dead after its own
/// step. A storage may hold several pending operands only while none of them can receive a
/// later contribution (single use); a multi-use operand holds it alone. Share = false gives
/// every slot its own storage (to_dot shows every adjoint). `sizes` gives each slot's number of
/// elements when `tensor` (a flag, not a null pointer: g++ does not fold a pointer's
/// comparison with null in constant evaluation under -fsanitize=undefined). Writes steps, touched (the slot receives
/// an adjoint) and storage (where it lives); returns the number of steps. Plain arrays for
/// its bookkeeping: clang allows 2^20 steps per constant evaluation.
template <class T, bool Share, class Code, class Order, class After, class Uses, class Sizes, class Steps, class Touched,
          class Storage>
constexpr std::size_t plan_steps_into(const Code& code, const auto& active, const Order& order, std::size_t order_count,
                                      const After& after, const Uses& uses, std::size_t root, bool tensor, const Sizes& sizes,
                                      Steps& steps, Touched& touched, Storage& storage) {
    const std::size_t n = code.size();
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        touched[i] = false;
        storage[i] = static_cast<int>(i);
    }
    if (!active[root]) return 0;
    int* live = new int[n];
    int* multi_live = new int[n];
    for (std::size_t i = 0; i < n; ++i) {
        live[i] = 1;
        multi_live[i] = uses[i] > 1;
    }
    touched[root] = true;
    for (std::size_t o = 0; o < order_count; ++o) {
        const int node = order[o];
        auto j = static_cast<std::size_t>(node);
        const auto& ins = code[j];
        if (!touched[j]) continue;
        reverse_step_info<T> s{ins, node};
        s.after = after[j];
        s.adjoint = storage[j];
        auto here = static_cast<std::size_t>(storage[j]);
        --live[here];  // node j is done with its adjoint
        if (uses[j] > 1) --multi_live[here];
        for (std::size_t k = 0; k < ins.arity(); ++k) {
            auto operand = static_cast<std::size_t>(ins.operand(k));
            if (!active[operand]) continue;
            s.to[k] = true;
            s.first[k] = !touched[operand];
            touched[operand] = true;
            bool shared = false;
            if (Share && ins.rules->properties.passes_adjoint[k] && s.first[k] &&
                !(tensor && sizes[operand] != sizes[j])) {  // a broadcast operand sums instead
                const bool multi = uses[operand] > 1;
                if (multi ? live[here] == 0 : multi_live[here] == 0) {
                    ++live[here];
                    if (multi) ++multi_live[here];
                    --live[operand];
                    if (multi) --multi_live[operand];
                    storage[operand] = static_cast<int>(here);
                    shared = true;
                }
            }
            s.write[k] = !shared;
            s.dst[k] = storage[operand];
        }
        steps[count++] = s;
    }
    delete[] live;
    delete[] multi_live;
    return count;
}

/// The reverse sweep of ProgramOf's first root with respect to the variables of W (a short
/// key: W::size, W::names and W::hashes; core/variable_list.hpp).
template <class ProgramOf, class W, class T, bool Share>
struct schedule_table {
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
    static constexpr std::array<char, n> active = []() consteval {
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
    static constexpr std::array<int, n> needs = to_array(step_needs(Prog.code, active, reached));
    static constexpr std::array<int, n> pending = to_array(pending_contributions(Prog.code, active, needs));
    static constexpr timing_arrays timing = []() consteval {
        timing_arrays t;
        t.count = interleave_into(Prog.code, active, needs, pending, root, t.order, t.after);
        return t;
    }();
    static constexpr std::array<int, n> uses = to_array(use_counts(Prog.code));

    static constexpr std::array<element_count, n> slot_sizes = []() consteval {
        std::array<element_count, n> sizes{};
        for (std::size_t i = 0; i < n; ++i) sizes[i] = Prog.shapes[i].count();
        return sizes;
    }();
    static constexpr result value = []() consteval {
        result r;
        r.count = plan_steps_into<T, Share>(Prog.code, active, timing.order, timing.count, timing.after, uses, root,
                                            Prog.tensor, slot_sizes, r.steps, r.touched, r.storage);
        return r;
    }();

    /// The forward instructions (i >= 0) and the reverse steps (-1 - k for step k) in the
    /// order they run when value_and_grad interleaves them.
    static constexpr std::size_t length = n + value.count;
    static constexpr std::array<int, length> interleaved = []() consteval {
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
    static constexpr std::array<int, W::size> gradient_source = []() consteval {
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
/// The reverse schedule of a program with respect to a wrt list, named by their keys.
template <class ProgramOf, class W, class T, bool Share = true>
using reverse_schedule = schedule_table<ProgramOf, typename W::key, T, Share>;
}  // namespace ctgrad::detail
