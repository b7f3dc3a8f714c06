// ctgrad/dot.hpp - to_dot: the expression DAG in Graphviz DOT, each shared subexpression
// drawn once; given a point, every node shows its forward value and its adjoint df/dnode,
// like the computation-graph figures of backpropagation notes.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/executor.hpp>
#include <ctgrad/eval.hpp>
#include <ctgrad/print.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>

namespace ctgrad {
namespace detail {
/// Every variable of a program, as a wrt list for the reverse schedule.
template <class ProgramOf>
struct every_variable {
    static constexpr std::size_t size = ProgramOf::value.variables.size();
    static constexpr auto names = ProgramOf::value.variables;
    static constexpr auto hashes = ProgramOf::value.variable_hashes;
    using key = every_variable;  // short already: named by the program's key
};

template <class T, class E>
std::string dot_graph(const T* values, const T* adjoints) {
    using prog_t = program_of<double, E>;
    constexpr auto& prog = prog_t::value;
    std::string out = "digraph ctgrad {\n  rankdir=BT;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n";
    for (std::size_t i = 0; i < prog.code.size(); ++i) {
        const auto& ins = prog.code[i];
        std::string label;
        switch (ins.kind) {
            case slot_kind::variable: label = copy_text(prog.variables[static_cast<std::size_t>(ins.a)]); break;
            case slot_kind::exact_constant:
                label = integer_text(ins.exact.num);
                if (ins.exact.den != 1) label += "/" + integer_text(ins.exact.den);
                break;
            case slot_kind::value_constant: label = "constant"; break;
            default: label = copy_text(ins.rules->dot);
        }
        if (!prog.names[i].empty()) label = copy_text(prog.names[i]) + " = " + label;
        if (prog.tensor) label += "\\n" + shape_string(prog.shapes[i]);  // each node's shape
        if (values != nullptr) {
            label += "\\nvalue " + number_text(static_cast<long double>(values[i]));
            label += "\\nadjoint " + number_text(static_cast<long double>(adjoints[i]));
        }
        out += "  n" + integer_text(static_cast<std::intmax_t>(i)) + " [label=\"" + label + "\"";
        if (static_cast<int>(i) == prog.roots[0]) out += ", penwidth=2";
        out += "];\n";
    }
    for (std::size_t i = 0; i < prog.code.size(); ++i) {
        const auto& ins = prog.code[i];
        for (std::size_t k = 0; k < ins.arity(); ++k)
            out += "  n" + integer_text(ins.operand(k)) + " -> n" + integer_text(static_cast<std::intmax_t>(i)) + ";\n";
    }
    return out + "}\n";
}
}  // namespace detail

/// The DAG of f in Graphviz DOT.
template <expression E>
std::string to_dot(const E&) {
    return detail::dot_graph<double, E>(nullptr, nullptr);
}

/// The DAG of f with each node's forward value and adjoint df/dnode at p (scalar programs).
template <expression E, point_like P>
std::string to_dot(const E& f, const P& p) {
    using T = typename P::value_type;
    using prog_t = detail::program_of<T, E>;
    static_assert(!prog_t::value.tensor, "ctgrad::to_dot(f, p): values are shown for scalar programs; to_dot(f) shows a "
                                         "tensor program with each node's shape");
    using schedule = detail::reverse_schedule<prog_t, detail::every_variable<prog_t>, T, false>;
    using context = detail::sweep_context<prog_t, detail::point_map<prog_t, P>, schedule>;
    constexpr std::size_t n = prog_t::value.code.size();
    constexpr auto& adjoint_offset = detail::adjoint_layout<schedule>::value.offset;
    auto v = detail::forward_values<T>(p, f);  // a program of scalars: value i is slot i's
    detail::adjoint_block<schedule, T> adjoints(detail::adjoint_size<schedule>(1));
    const auto root = static_cast<std::size_t>(prog_t::value.roots[0]);
    if (schedule::value.touched[root]) adjoints[adjoint_offset[static_cast<std::size_t>(schedule::value.storage[root])].fixed] = T(1);
    detail::sweep<context, detail::reverse_order<schedule>>(v.data(), p.scalars(), p.bound(), static_cast<const T*>(nullptr),
                                                            adjoints.data(), p.batch());
    std::array<T, (n == 0 ? 1 : n)> g{};  // df/dnode by slot; 0 where the root's adjoint never reaches
    for (std::size_t i = 0; i < n; ++i)
        if (schedule::value.touched[i]) g[i] = adjoints[adjoint_offset[static_cast<std::size_t>(schedule::value.storage[i])].fixed];
    return detail::dot_graph<T, E>(v.data(), g.data());
}
}  // namespace ctgrad
