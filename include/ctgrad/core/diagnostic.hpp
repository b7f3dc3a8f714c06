// ctgrad/core/diagnostic.hpp - compile-time errors about a variable, each one line that
// names the call and the variable:
//   clang++: static_assert failed due to requirement
//            'ctgrad::diagnostic::at_binds_each_variable_once<ctgrad::diagnostic::variable<'x', '1'>>'
//            "ctgrad::at: a variable is bound twice"
//   g++:     use of deleted function 'void ctgrad::diagnostic::at_binds_a_variable_twice(Variable)
//            [with Variable = ctgrad::diagnostic::variable<'x', '1'>]'
// (clang prints a failed static_assert's condition with its template arguments; g++ prints
// only the message there, but prints a deleted function's template arguments in one line.)
#pragma once
#include <cstddef>
#include <string_view>
#include <utility>

namespace ctgrad::diagnostic {

/// A variable's name as a type both compilers print letter by letter.
template <char... Letters>
struct variable {};

template <std::string_view const& Name, std::size_t... I>
auto letters(std::index_sequence<I...>) -> variable<Name[I]...>;

/// variable_named<Name>: Name (a static std::string_view) as variable<'x', '1'>.
template <std::string_view const& Name>
using variable_named = decltype(letters<Name>(std::make_index_sequence<Name.size()>{}));

/// The I-th of a static array of names, as a static std::string_view (a template argument
/// may refer to it; C++20 forbids referring to an array element directly).
template <auto const& Names, std::size_t I>
struct name_at {
    static constexpr std::string_view value = Names[I];
};

/// What a misuse overload returns: not void, so `auto e = misuse;` adds no second error.
struct misuse {};

template <class Variable>
inline constexpr bool at_binds_each_variable_once = false;
template <class Variable>
void at_binds_a_variable_twice(Variable) = delete;

template <class Variable>
inline constexpr bool at_binds_storage_that_outlives_the_point = false;
template <class Variable>
void at_binds_a_temporary_container(Variable) = delete;

template <class Variable>
inline constexpr bool wrt_lists_each_variable_once = false;
template <class Variable>
void wrt_lists_a_variable_twice(Variable) = delete;

template <class Variable>
inline constexpr bool wrt_lists_static_variables = false;
template <class Variable>
void wrt_lists_a_batched_variable(Variable) = delete;

template <class Variable>
inline constexpr bool point_binds_every_variable_of_the_expression = false;
template <class Variable>
void eval_finds_no_value_for_variable(Variable) = delete;

template <class Variable>
inline constexpr bool point_has_a_value_for_variable = false;
template <class Variable>
void point_has_no_value_for_variable(Variable) = delete;

template <class Variable>
inline constexpr bool gradient_has_a_partial_for_variable = false;
template <class Variable>
void gradient_has_no_partial_for_variable(Variable) = delete;

template <class OperationId>
inline constexpr bool to_cpp_finds_cpp_rules_for_operation = false;
template <class OperationId>
void to_cpp_finds_no_cpp_rules_for_operation(OperationId) = delete;

/// An operation type, as both compilers print it in one line.
template <class Op>
struct operation {};
template <class Op>
inline constexpr bool operation_meets_the_protocol_of_ctgrad_ops_op_hpp = false;
template <class Op>
void operation_does_not_meet_the_protocol_of_ctgrad_ops_op_hpp(Op) = delete;

}  // namespace ctgrad::diagnostic

#if defined(__clang__)
#define CTGRAD_REPORT_VARIABLE(check, error, message, Name) \
    static_assert(::ctgrad::diagnostic::check<::ctgrad::diagnostic::variable_named<Name>>, message)
#else
#define CTGRAD_REPORT_VARIABLE(check, error, message, Name) \
    ::ctgrad::diagnostic::error(::ctgrad::diagnostic::variable_named<Name>{})
#endif

/// An operation type Op that does not meet the protocol, named in one line.
#if defined(__clang__)
#define CTGRAD_REPORT_OPERATION(Op)                                                                       \
    static_assert(::ctgrad::diagnostic::operation_meets_the_protocol_of_ctgrad_ops_op_hpp<Op>, \
                  "ctgrad::node: the operation does not meet the protocol of ctgrad/ops/op.hpp")
#else
#define CTGRAD_REPORT_OPERATION(Op) \
    ::ctgrad::diagnostic::operation_does_not_meet_the_protocol_of_ctgrad_ops_op_hpp(::ctgrad::diagnostic::operation<Op>{})
#endif

namespace ctgrad::diagnostic {
/// Shapes as types both compilers print in one line: scalar, vector<4>, matrix<3, 4>.
struct scalar {};
template <std::size_t N>
struct vector {};
template <std::size_t Rows, std::size_t Cols>
struct matrix {};
/// Shapes with the run-time batch (var<"X", batch, 784>): batch_rows<784> is batch x 784,
/// batch_columns<4> is 4 x batch, batch_vector a vector of one element per batch row.
template <std::size_t Cols>
struct batch_rows {};
template <std::size_t Rows>
struct batch_columns {};
struct batch_vector {};
/// Rank 3 and 4: tensor<64, 1, 28, 28>; with the batch first, batch_tensor<1, 28, 28>.
template <std::size_t... Extents>
struct tensor {};
template <std::size_t... Extents>
struct batch_tensor {};
/// What an operation takes, where a shape error names it: at_most_rank<2>.
template <int Rank>
struct at_most_rank {};

// One pair per shape error: the condition clang prints, the deleted function g++ prints.
#define CTGRAD_SHAPE_CHECK(check, error)          \
    template <class Call, class A, class B>       \
    inline constexpr bool check = false;          \
    template <class Call, class A, class B>       \
    void error(Call, A, B) = delete;
CTGRAD_SHAPE_CHECK(operands_broadcast, operands_do_not_broadcast)
CTGRAD_SHAPE_CHECK(matmul_inner_extents_agree, matmul_inner_extents_differ)
CTGRAD_SHAPE_CHECK(operand_is_a_matrix, operand_is_not_a_matrix)
CTGRAD_SHAPE_CHECK(axis_exists, axis_does_not_exist)
CTGRAD_SHAPE_CHECK(operand_is_a_tensor, operand_is_not_a_tensor)
CTGRAD_SHAPE_CHECK(batch_is_one_extent, batch_is_two_extents)
CTGRAD_SHAPE_CHECK(reduction_keeps_the_batch, reduction_over_the_batch_is_not_supported)
CTGRAD_SHAPE_CHECK(operand_has_rank_at_most_two, operand_has_rank_three_or_four)
CTGRAD_SHAPE_CHECK(image_shapes_agree, image_shapes_disagree)
CTGRAD_SHAPE_CHECK(extents_have_the_operand_s_size, extents_have_another_size)
#undef CTGRAD_SHAPE_CHECK

/// A number of elements, as a type.
template <std::size_t N>
struct elements {};
template <class Variable, class Shape, class Elements>
inline constexpr bool at_binds_storage_of_the_variable_s_size = false;
template <class Variable, class Shape, class Elements>
void at_binds_storage_of_another_size(Variable, Shape, Elements) = delete;

// One name, two shapes: each pair is the condition clang prints and the deleted function g++
// prints, with the variable and both shapes.
#define CTGRAD_NAME_SHAPES_CHECK(check, error)   \
    template <class Variable, class A, class B> \
    inline constexpr bool check = false;        \
    template <class Variable, class A, class B> \
    void error(Variable, A, B) = delete;
CTGRAD_NAME_SHAPES_CHECK(a_variable_name_has_one_shape, one_variable_name_has_two_shapes)
CTGRAD_NAME_SHAPES_CHECK(point_binds_the_variable_s_shape, point_binds_the_variable_with_another_shape)
#undef CTGRAD_NAME_SHAPES_CHECK
}  // namespace ctgrad::diagnostic

/// A variable (a static std::string_view Name) with two shapes A and B (diagnostic types), in
/// one line.
#if defined(__clang__)
#define CTGRAD_REPORT_VARIABLE_SHAPES(check, error, message, Name, A, B) \
    static_assert(::ctgrad::diagnostic::check<::ctgrad::diagnostic::variable_named<Name>, A, B>, message)
#else
#define CTGRAD_REPORT_VARIABLE_SHAPES(check, error, message, Name, A, B) \
    ::ctgrad::diagnostic::error(::ctgrad::diagnostic::variable_named<Name>{}, A{}, B{})
#endif

/// A shape error, in one line naming the call (Op: operation<ops::matmul>) and both shapes
/// (diagnostic types: matrix<3, 4>).
#if defined(__clang__)
#define CTGRAD_REPORT_SHAPES(check, error, message, Op, A, B) \
    static_assert(::ctgrad::diagnostic::check<::ctgrad::diagnostic::operation<Op>, A, B>, message)
#else
#define CTGRAD_REPORT_SHAPES(check, error, message, Op, A, B) \
    ::ctgrad::diagnostic::error(::ctgrad::diagnostic::operation<Op>{}, A{}, B{})
#endif
