// ctgrad/detail/program.hpp - an expression DAG flattened at compile time.
//
// The expression types are walked once, in constant evaluation, into an array of
// instructions in topological order: each distinct stateless subexpression type once
// (found by a structural hash, confirmed by type identity), named nodes as aliases,
// value constants as numbered slots (never merged: their values are run-time state).
// Sweeps then expand this array into straight-line code, one tiny function per
// instruction (templated on the instruction's value, so names stay short).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <type_traits>
#include <vector>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/named.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/detail/chain.hpp>
#include <ctgrad/detail/op_rules.hpp>
#include <ctgrad/detail/program_builder.hpp>
#include <ctgrad/detail/value_constants.hpp>
#include <ctgrad/detail/name_index.hpp>
#include <ctgrad/detail/node_kind.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad::detail {

template <class T, class E>
constexpr int emit(program_builder<T>& b);

/// A chain link's rules: Op's, with the value anchored.
template <class Op, class T>
inline constexpr op_rules<T> chain_rules = []() consteval {
    op_rules<T> r = rules_of<Op, T, 2>;
    r.binary_value = &anchored_value<Op, T>;
    return r;
}();

/// The partial results of a chain being emitted, each of a power-of-two number of terms,
/// largest first: a binary counter (templated on T only, so it is never named by a chain).
template <class T>
struct chain_state {
    program_builder<T>& b;
    const op_rules<T>* rules;
    int slot[64] = {}, count[64] = {};
    int top = 0;
    constexpr void combine() {
        --top;
        slot[top - 1] = b.push({slot_kind::operation, slot[top - 1], slot[top], {}, rules}, shape{});
        count[top - 1] += count[top];
    }
    constexpr int term(int s) {
        slot[top] = s, count[top] = 1, ++top;
        while (top > 1 && count[top - 1] == count[top - 2]) combine();
        return 0;
    }
    constexpr int finish() {
        while (top > 1) combine();
        return slot[0];
    }
};

template <class T, class... Terms>
constexpr int emit_chain(program_builder<T>& b, const op_rules<T>* rules, chain_terms<Terms...>) {
    chain_state<T> state{b, rules};
    // an array initializer, not a fold: clang++ nests a fold's operators (limit 256 levels)
    [[maybe_unused]] const int order[] = {state.term(emit<T, Terms>(b))...};
    return state.finish();
}

/// Emits E's slot (and, first, its operands'); a stateless node seen before is reused.
/// One constexpr frame per level of the tree: the depth limit (512 in g++) bounds the
/// depth of an expression, not its size.
template <class T, class E>
constexpr int emit(program_builder<T>& b) {
    constexpr node_kind kind = kind_of<E>{};
    [[maybe_unused]] hash128 h{};
    if constexpr (kind == node_kind::named) {  // an alias, not a node; its name labels the slot in to_dot
        int slot = emit<T, operand_t<0, E>>(b);
        if (!b.count_only) b.names.push_back({slot, E::op::name.view()});
        return slot;
    } else {
        if constexpr (stateless<E>) {
            h = type_hash<E>::value;
            if (int found = b.find(h); found >= 0) return found;
        }
        if constexpr (long_chain<E>) {
            const int slot = emit_chain<T>(b, &chain_rules<typename E::op, T>,
                                           typename terms_of<typename E::op, E>::type{});
            b.insert(h, slot);
            return slot;
        } else {
            int slot;
            if constexpr (kind == node_kind::variable) {
                if (!b.count_only) {
                    b.variables.push_back(E::name.view());
                    b.variable_hashes.push_back(name_hash<E>());
                    b.variable_slots.push_back(b.code_count);
                }
                slot = b.push({slot_kind::variable, b.variable_count++}, E::shape);
            } else if constexpr (kind == node_kind::exact_constant) {
                slot = b.push({slot_kind::exact_constant, -1, -1, E::value}, {});
            } else if constexpr (kind == node_kind::value_constant) {
                slot = b.push({slot_kind::value_constant, b.value_constants++}, {});
            } else {
                // written out, not through a helper: one constexpr frame per tree level
                static_assert(max_operands == 2, "emit reads operands 0 and 1");
                int operands[max_operands] = {-1, -1};
                if constexpr (E::arity > 0) operands[0] = emit<T, operand_t<0, E>>(b);
                if constexpr (E::arity > 1) operands[1] = emit<T, operand_t<1, E>>(b);
                slot = b.push({slot_kind::operation, operands[0], operands[1], {}, &rules_of<evaluated_op<E>, T, E::arity>},
                              shape_of<E>{});
            }
            if constexpr (stateless<E>) b.insert(h, slot);
            return slot;
        }
    }
}

/// The numbers of slots and of variables of Roots..., without building the program.
template <class T, class... Roots>
consteval std::array<std::size_t, 2> count_all() {
    program_builder<T> b;
    b.count_only = true;
    (emit<T, Roots>(b), ...);
    return {static_cast<std::size_t>(b.code_count), static_cast<std::size_t>(b.variable_count)};
}

/// The flat program of the expressions Roots...: code, variables in first-use order,
/// the number of value constants, and the slot of each root.
template <class T, std::size_t N, std::size_t V, std::size_t R>
struct program {
    std::array<instruction<T>, N> code{};
    std::array<std::string_view, V> variables{};
    std::array<std::uint64_t, V> variable_hashes{};  // compared first: cheap in constant evaluation
    std::array<int, V> variable_slots{};
    std::array<std::string_view, N> names{};  // the name of a named intermediate, per slot
    std::array<shape, N> shapes{};
    bool tensor = false;  // some slot is not a scalar: the executor runs whole-tensor steps
    std::size_t value_constants = 0;
    std::array<int, R> roots{};

};

// Tables keyed by short names. Every table built from an expression type is reached through
// a key made of the expressions' structural hash (program_key), never through a class named
// by the expression: g++ names each variable and function it instantiates for its COMDAT
// group, and one named by a whole network's type costs its length in mangling
// (docs/architecture.md, "Short keys"). The definer, named by the expressions, holds only a
// friend function; the program lives in program_table<Key>. Two programs whose hashes collide
// would define one friend twice: a compile error, never a silent merge.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-template-friend"
#endif
template <class T, std::uint64_t Lo, std::uint64_t Hi, std::size_t Roots>
struct program_key {
    friend consteval auto program_sizes(program_key);
    friend consteval auto program_value(program_key);
};
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/// The structural hash of a program's roots (templated on their number only).
template <std::size_t N>
consteval hash128 roots_hash(const std::array<hash128, N>& roots) {
    return combine_hashes(hash_leaf("program", N), roots);
}
template <class T, class... Roots>
using program_key_of = program_key<T, roots_hash(std::array<hash128, sizeof...(Roots)>{type_hash<Roots>::value...}).lo,
                                   roots_hash(std::array<hash128, sizeof...(Roots)>{type_hash<Roots>::value...}).hi,
                                   sizeof...(Roots)>;

/// The program of Key: its instruction array, its variables, and their lookup.
template <class Key>
struct program_table {
    // the sizes first, in their own constant evaluation (clang counts steps per evaluation)
    static constexpr std::array<std::size_t, 2> sizes = program_sizes(Key{});
    static constexpr auto value = program_value(Key{});
    static constexpr name_index<sizes[1]> variable_index{value.variable_hashes};

    /// The slot holding a variable (given its hash and name), or -1 when no root uses it.
    static constexpr int slot_of(std::uint64_t hash, std::string_view name) {
        int i = variable_index.find(hash, name, value.variables);
        return i < 0 ? -1 : value.variable_slots[static_cast<std::size_t>(i)];
    }
};

/// The first variable of a program whose name an earlier variable has: a variable is one slot
/// per type, so a repeated name is one name in two shapes (only tensor programs can have it).
template <class Table>
struct repeated_name {
    static constexpr auto& prog = Table::value;
    static constexpr int later = prog.tensor ? first_duplicate(prog.variable_hashes, prog.variables) : -1;
    static constexpr int earlier = later < 0 ? -1
                                             : Table::variable_index.find(prog.variable_hashes[std::size_t(later)],
                                                                          prog.variables[std::size_t(later)],
                                                                          prog.variables);
    static constexpr std::string_view name = later < 0 ? std::string_view{} : prog.variables[std::size_t(later)];
    static constexpr shape first = later < 0 ? shape{} : prog.shapes[std::size_t(prog.variable_slots[std::size_t(earlier)])];
    static constexpr shape second = later < 0 ? shape{} : prog.shapes[std::size_t(prog.variable_slots[std::size_t(later)])];
};
/// A program uses each name with one shape; else a compile error naming it and both shapes.
template <class Table>
consteval bool one_shape_per_name() {
    using repeated = repeated_name<Table>;
    if constexpr (repeated::later < 0) return true;
    else {
        constexpr shape first = repeated::first, second = repeated::second;  // (g++ 12 crashes on repeated::first)
        CTGRAD_REPORT_VARIABLE_SHAPES(a_variable_name_has_one_shape, one_variable_name_has_two_shapes,
                                      "ctgrad: one variable name is used with two shapes", repeated::name,
                                      shape_diagnostic<first>, shape_diagnostic<second>);
        return false;
    }
}
template <class Table, bool = one_shape_per_name<Table>()>
struct checked_program {
    using type = Table;
};

template <class Key, class T, class... Roots>
struct program_definer {
    friend consteval auto program_sizes(Key) { return count_all<T, Roots...>(); }
    friend consteval auto program_value(Key) {
        constexpr std::array<std::size_t, 2> sizes = program_table<Key>::sizes;
        program_builder<T> b;
        b.reserve(sizes[0], sizes[1]);
        program<T, sizes[0], sizes[1], sizeof...(Roots)> p;
        std::size_t r = 0;
        ((p.roots[r++] = emit<T, Roots>(b)), ...);
        for (std::size_t i = 0; i < sizes[0]; ++i) {
            p.code[i] = b.code[i];
            p.shapes[i] = b.shapes[i];
            if (!b.shapes[i].scalar()) p.tensor = true;
        }
        for (std::size_t i = 0; i < sizes[1]; ++i) {
            p.variables[i] = b.variables[i];
            p.variable_hashes[i] = b.variable_hashes[i];
            p.variable_slots[i] = b.variable_slots[i];
        }
        for (const auto& [slot, name] : b.names) p.names[static_cast<std::size_t>(slot)] = name;
        p.value_constants = static_cast<std::size_t>(b.value_constants);
        return p;
    }
    using table = program_table<Key>;
};

/// The program of the expressions Roots... (naming it defines its table).
template <class T, class... Roots>
using program_of = typename checked_program<typename program_definer<program_key_of<T, Roots...>, T, Roots...>::table>::type;

}  // namespace ctgrad::detail
