// ctgrad/detail/op_rules.hpp - an operation's rules for one scalar type as a table of
// function pointers (constant expressions, so calls through them inline): what a program's
// instruction points to, and what the sweeps call.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/detail/array_rules.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/op.hpp>

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
    // elements forward keeps for backward, for the operands' shapes (ops/kernel.hpp)
    bool has_kept = false;
    std::size_t (*kept)(shape, shape) = nullptr;
    // an elementwise unary operation's vectorized run-time rules (detail/array_rules.hpp)
    bool has_array = false;
    void (*array_forward)(T*, const T*, std::size_t) = nullptr;
    void (*array_backward)(T*, bool, const T*, const T*, const T*, std::size_t) = nullptr;
    op_properties properties{};
    cpp_code cpp{};            // how to_cpp writes it
    std::string_view label{};  // the operation's id, for messages
    std::string_view dot{};    // its label in to_dot
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
            if constexpr (requires { Op::kept(shape{}); }) {
                r.has_kept = true;
                r.kept = [](shape a, shape) { return Op::kept(a); };
            }
        } else {
            r.binary_forward = &Op::template forward<T>;
            r.binary_vjp = {&Op::template backward<0, T>, &Op::template backward<1, T>};
            if constexpr (requires { Op::scratch(shape{}, shape{}); }) {
                r.has_scratch = true;
                r.scratch = &Op::scratch;
            }
            if constexpr (requires { Op::kept(shape{}, shape{}); }) {
                r.has_kept = true;
                r.kept = &Op::kept;
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
    r.dot = dot_of<Op>();
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

}  // namespace ctgrad::detail
