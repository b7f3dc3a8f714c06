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
#include <ctgrad/detail/array_rules.hpp>
#include <ctgrad/detail/name_index.hpp>
#include <ctgrad/detail/node_kind.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad::ops {
struct add;
struct mul;
}

namespace ctgrad::detail {

enum class slot_kind : unsigned char { variable, exact_constant, value_constant, operation };

/// The rules of one operation for one scalar type, reached through a pointer that is a
/// constant expression, so calls through it inline.
template <class T>
struct op_rules {
    std::size_t arity = 0;
    T (*nullary_value)() = nullptr;
    T (*unary_value)(T) = nullptr;
    T (*binary_value)(T, T) = nullptr;
    T (*unary_backward)(T, T, T) = nullptr;                             // (a, out, adj)
    std::array<T (*)(T, T, T, T), max_operands> binary_backward{};      // (a, b, out, adj), per operand
    // a kernel operation (ops/kernel.hpp): whole-tensor rules instead of scalar ones
    bool kernel = false;
    void (*unary_forward)(tensor_out<T>, tensor_in<T>) = nullptr;
    void (*binary_forward)(tensor_out<T>, tensor_in<T>, tensor_in<T>) = nullptr;
    void (*unary_vjp)(tensor_out<T>, bool, tensor_in<T>, tensor_in<T>, tensor_in<T>) = nullptr;  // (a, out, adj)
    std::array<void (*)(tensor_out<T>, bool, tensor_in<T>, tensor_in<T>, tensor_in<T>, tensor_in<T>), max_operands>
        binary_vjp{};  // (a, b, out, adj), per operand
    // scratch elements for the operands' shapes (a flag beside it: g++ does not fold a function
    // pointer's comparison with null under -fsanitize=undefined)
    bool has_scratch = false;
    std::size_t (*scratch)(shape, shape) = nullptr;
    // an elementwise unary operation's vectorized run-time rules (detail/array_rules.hpp)
    bool has_array = false;
    void (*array_forward)(T*, const T*, std::size_t) = nullptr;
    void (*array_backward)(T*, bool, const T*, const T*, const T*, std::size_t) = nullptr;
    op_properties properties{};
    cpp_code cpp{};            // how to_cpp writes it
    std::string_view label{};  // the operation's id, for to_dot
};
template <class Op, class T, std::size_t Arity>
inline constexpr op_rules<T> rules_of = []() consteval {
    op_rules<T> r;  // (an Op that does not meet the protocol was reported by kind_of)
    r.arity = Arity;
    if constexpr (!operation<Op, Arity>) {
    } else if constexpr (kernel_op<Op>) {
        r.kernel = true;
        if constexpr (Arity == 1) {
            r.unary_forward = &Op::template forward<T>;
            r.unary_vjp = &Op::template backward<0, T>;
        } else {
            r.binary_forward = &Op::template forward<T>;
            r.binary_vjp = {&Op::template backward<0, T>, &Op::template backward<1, T>};
            if constexpr (requires { Op::scratch(shape{}, shape{}); }) {
                r.has_scratch = true;
                r.scratch = &Op::scratch;
            }
        }
    } else if constexpr (Arity == 0) {
        r.nullary_value = &Op::template value<T>;
    } else if constexpr (Arity == 1) {
        r.unary_value = &Op::template value<T>;
        r.unary_backward = &Op::template backward<T>;
        if constexpr (has_array_rules<Op>) {
            r.has_array = true;
            r.array_forward = &array_forward<Op, T>;
            r.array_backward = &array_backward<Op, T>;
        }
    } else {
        r.binary_value = &Op::template value<T>;
        r.binary_backward = {&Op::template backward<0, T>, &Op::template backward<1, T>};
    }
    r.properties = properties_of<Op>();
    r.cpp = cpp_of<Op>();
    r.label = Op::id;
    return r;
}();

/// The operation whose rules evaluate node E: its own, unless the operation picks other rules
/// for these operands (a product with a gate: ops/mul.hpp).
template <class E>
struct evaluated_op_t {
    using type = typename E::op;
};
template <class E>
    requires(E::arity == 2) && requires { typename E::op::template evaluated_as<operand_t<0, E>, operand_t<1, E>>; }
struct evaluated_op_t<E> {
    using type = typename E::op::template evaluated_as<operand_t<0, E>, operand_t<1, E>>;
};
template <class E>
using evaluated_op = typename evaluated_op_t<E>::type;

/// One slot of a program. A leaf's `a` numbers its variable or value constant; an
/// operation's operands are in slots operand(0) .. operand(arity - 1).
template <class T>
struct instruction {
    slot_kind kind = slot_kind::exact_constant;
    int a = -1;
    int b = -1;
    ratio exact{};
    const op_rules<T>* rules = nullptr;

    constexpr std::size_t arity() const { return kind == slot_kind::operation ? rules->arity : 0; }
    constexpr int operand(std::size_t k) const { return k == 0 ? a : b; }
};

template <class T>
struct program_builder {
    std::vector<instruction<T>> code;
    std::vector<std::string_view> variables;
    std::vector<std::uint64_t> variable_hashes;
    std::vector<int> variable_slots;
    std::vector<std::pair<int, std::string_view>> names;  // named intermediates: slot, name
    std::vector<shape> shapes;                             // per slot
    int value_constants = 0;
    // open-addressing table of stateless node types: 128-bit structural hash -> slot
    struct entry {
        hash128 hash;
        int slot = -1;
    };
    // (a plain array, not a vector: each vector access is several calls, and clang counts
    // every call against its 2^20 steps per constant evaluation)
    entry* table = new entry[64];
    std::size_t capacity = 64;
    std::size_t used = 0;
    // Counting only (the first pass, which sizes the program's arrays) skips the vectors;
    // the second pass reserves them. clang allows 2^20 steps per constant evaluation, and
    // vectors regrown element by element cost most of a large program's steps.
    bool count_only = false;
    int code_count = 0;
    int variable_count = 0;

    constexpr void reserve(std::size_t slots, std::size_t vars) {
        code.reserve(slots);
        shapes.reserve(slots);
        variables.reserve(vars);
        variable_hashes.reserve(vars);
        variable_slots.reserve(vars);
        std::size_t size = 64;
        while (size < 2 * (slots + 1)) size *= 2;
        delete[] table;
        table = new entry[size];
        capacity = size;
        used = 0;
    }
    constexpr program_builder() = default;
    program_builder(const program_builder&) = delete;
    program_builder& operator=(const program_builder&) = delete;
    constexpr ~program_builder() { delete[] table; }

    constexpr int find(hash128 h) const {
        std::size_t mask = capacity - 1;
        for (std::size_t i = h.lo & mask;; i = (i + 1) & mask) {
            if (table[i].slot < 0) return -1;
            if (table[i].hash == h) return table[i].slot;
        }
    }
    constexpr void insert(hash128 h, int slot) {
        if (2 * (used + 1) > capacity) grow();
        std::size_t mask = capacity - 1;
        std::size_t i = h.lo & mask;
        while (table[i].slot >= 0) i = (i + 1) & mask;
        table[i] = {h, slot};
        ++used;
    }
    constexpr void grow() {
        entry* old = table;
        const std::size_t old_capacity = capacity;
        table = new entry[2 * old_capacity];
        capacity = 2 * old_capacity;
        used = 0;
        for (std::size_t i = 0; i < old_capacity; ++i)
            if (old[i].slot >= 0) insert(old[i].hash, old[i].slot);
        delete[] old;
    }
    constexpr int push(const instruction<T>& ins, shape s) {
        if (!count_only) {
            code.push_back(ins);
            shapes.push_back(s);
        }
        return code_count++;
    }
};

template <class T, class E>
static constexpr int emit(program_builder<T>& b);

/// A long sum or product, however it is nested (((t1 + t2) + t3) + ..., as a newcomer writes a
/// neuron, or t1 + (t2 + (t3 + ...)), as a fold writes it), is emitted as one chain: its terms
/// in order, combined pairwise as they come (a binary counter, so at most log2(n) + 1 partial
/// results are alive), which makes a balanced tree: no n-long dependency chain, in the forward
/// sweep or in the reverse one (a product's adjoints flow down log2(n) levels, not n). One
/// function per chain, named by its terms: g++ mangles every function it instantiates, and one
/// per partial sum had names growing with its length (cubic in the chain's). Stateless scalar
/// links only: a chain holds no run-time state, and a broadcast does not reassociate.
template <class... Terms>
struct chain_terms {};
template <class A, class B>
struct chain_concat;
template <class... A, class... B>
struct chain_concat<chain_terms<A...>, chain_terms<B...>> {
    using type = chain_terms<A..., B...>;
};
/// A node of an associative chain of Op: stateless, scalar, and evaluated by Op's own rules
/// (a product gated by relu's step is not: ops/mul.hpp).
template <class E, class Op>
concept chain_link = std::is_empty<E>::value && is_node<E>::value && std::is_same<typename E::op, Op>::value &&
                     E::arity == 2 && std::is_same<evaluated_op<E>, Op>::value && shape_of<E>::rank == 0;
template <class E>
concept associative_op = std::is_same<typename E::op, ops::add>::value || std::is_same<typename E::op, ops::mul>::value;
/// A chain of three terms or more.
template <class E>
concept long_chain = associative_op<E> && chain_link<E, typename E::op> &&
                     (chain_link<operand_t<0, E>, typename E::op> || chain_link<operand_t<1, E>, typename E::op>);
template <class Op, class E>
struct terms_of {
    using type = chain_terms<E>;
};
template <class Op, chain_link<Op> E>
struct terms_of<Op, E> {
    using type = typename chain_concat<typename terms_of<Op, operand_t<0, E>>::type,
                                       typename terms_of<Op, operand_t<1, E>>::type>::type;
};

/// A value kept where it is computed at run time. g++ expands a single-use temporary at its
/// use (TER), so a balanced tree of partial sums, or a parameter's sum of contributions in the
/// reverse sweep, moves to its last use, and every value it reads lives until then in a stack
/// slot: 608 stack stores and loads in linear_regression_128's gradient, none with the anchors
/// (clang++ has none either way). An empty asm that holds the value in a register.
template <class T>
static constexpr T anchored(T out) {
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>)
        if (!std::is_constant_evaluated()) asm("" : "+x"(out));
#endif
    return out;
}
template <class Op, class T>
static constexpr T anchored_value(T a, T b) {
    return anchored(Op::template value<T>(a, b));
}
/// A chain link's rules: Op's, with the value anchored.
template <class Op, class T>
inline constexpr op_rules<T> chain_rules = []() consteval {
    op_rules<T> r = rules_of<Op, T, 2>;
    r.binary_value = &anchored_value<Op, T>;
    return r;
}();

template <class T, class... Terms>
static constexpr int emit_chain(program_builder<T>& b, const op_rules<T>* rules, chain_terms<Terms...>) {
    // partial results, each of a power-of-two number of terms, largest first
    int slot[64] = {}, count[64] = {};
    int top = 0;
    const auto combine = [&] {
        --top;
        slot[top - 1] = b.push({slot_kind::operation, slot[top - 1], slot[top], {}, rules}, shape{});
        count[top - 1] += count[top];
    };
    const auto term = [&](int s) {
        slot[top] = s, count[top] = 1, ++top;
        while (top > 1 && count[top - 1] == count[top - 2]) combine();
        return 0;
    };
    [[maybe_unused]] const int order[] = {term(emit<T, Terms>(b))...};
    while (top > 1) combine();
    return slot[0];
}

/// Emits E's slot (and, first, its operands'); a stateless node seen before is reused.
/// One constexpr frame per level of the tree: the depth limit (512 in g++) bounds the
/// depth of an expression, not its size.
template <class T, class E>
static constexpr int emit(program_builder<T>& b) {
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
static constexpr std::array<std::size_t, 2> count_all() {
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
    bool tensor = false;  // some slot is not a scalar: the sweeps of detail/tensor_sweep.hpp run it
    std::size_t value_constants = 0;
    std::array<int, R> roots{};

};

namespace {  // internal linkage: docs/architecture.md, "Names g++ never computes"
template <class T, class... Roots>
struct program_of {
    static constexpr std::array<std::size_t, 2> sizes = count_all<T, Roots...>();
    static constexpr auto value = []() consteval {
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
    }();
    static constexpr name_index<sizes[1]> variable_index{value.variable_hashes};

    /// The slot holding a variable (given its hash and name), or -1 when no root uses it.
    static constexpr int slot_of(std::uint64_t hash, std::string_view name) {
        int i = variable_index.find(hash, name, value.variables);
        return i < 0 ? -1 : value.variable_slots[static_cast<std::size_t>(i)];
    }
};
}  // namespace

/// Copies the value constants of an expression object in the order emit numbers them.
template <class T, class E>
static constexpr void gather_value_constants(const E& e, T* out, std::size_t& k) {
    if constexpr (stateless<E>) return;
    else if constexpr (kind_of<E>{} == node_kind::value_constant) out[k++] = static_cast<T>(e.value);
    else {  // one constexpr frame per tree level, as in emit
        if constexpr (operand_count<E>() > 0) gather_value_constants<T>(e.template operand<0>(), out, k);
        if constexpr (operand_count<E>() > 1) gather_value_constants<T>(e.template operand<1>(), out, k);
    }
}

/// The value constants of Roots..., numbered as Program's slots read them.
template <class T, class Program, class... Roots>
static constexpr auto value_constants_of(const Roots&... roots) {
    std::array<T, (Program::value.value_constants == 0 ? 1 : Program::value.value_constants)> c{};
    std::size_t k = 0;
    (gather_value_constants<T>(roots, c.data(), k), ...);
    return c;
}
}  // namespace ctgrad::detail
