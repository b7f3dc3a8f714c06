// ctgrad/to_cpp.hpp - to_cpp(f, wrt(v...), "name"): the value-and-gradient sweep of f as
// standalone C++11 source (it includes only <cmath> and <limits>), the way CppAD-CodeGen and Clad let
// their users keep a derivative without the library:
//
//   template <class T> void name(const T* in, T* value, T* grad)
//
// The code is value_and_grad's own: the same program (each distinct subexpression once),
// the same interleaved forward and reverse steps, the same stable forms (each operation's
// `cpp` rules, ops/op.hpp). A comment at the top gives the order of in[] and grad[].
#pragma once
#include <array>
#include <charconv>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/detail/layout.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>
#include <ctgrad/print.hpp>

namespace ctgrad {
namespace detail {
/// Every operation of a program has C++ emission rules.
template <class ProgramOf>
constexpr int first_without_cpp() {
    const auto& code = ProgramOf::value.code;
    for (std::size_t i = 0; i < code.size(); ++i)
        if (code[i].kind == slot_kind::operation && code[i].rules->cpp.value.empty()) return static_cast<int>(i);
    return -1;
}

/// The id of that operation, as a static string a diagnostic can spell.
template <class ProgramOf>
struct operation_without_cpp {
    static constexpr std::string_view id =
        ProgramOf::value.code[static_cast<std::size_t>(first_without_cpp<ProgramOf>())].rules->label;
};

/// The pattern with $0, $1, $out and $adj replaced.
inline std::string fill_cpp(std::string_view pattern, const std::string& a, const std::string& b, const std::string& out,
                            const std::string& adj) {
    std::string text;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        std::string_view rest = pattern.substr(i);
        if (rest.starts_with("$0")) { text += a; ++i; }
        else if (rest.starts_with("$1")) { text += b; ++i; }
        else if (rest.starts_with("$out")) { text += out; i += 3; }
        else if (rest.starts_with("$adj")) { text += adj; i += 3; }
        else text += pattern[i];
    }
    return text;
}

/// A double as the shortest literal that reads back as the same value.
inline std::string cpp_literal(double v) {
    if (v != v) return "std::numeric_limits<T>::quiet_NaN()";
    if (v > std::numeric_limits<double>::max()) return "T(HUGE_VAL)";
    if (v < -std::numeric_limits<double>::max()) return "T(-HUGE_VAL)";
    char buffer[64];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    std::string text(buffer, end);
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return "T(" + text + ")";
}

inline std::string slot_name(char prefix, int slot) { return prefix + std::to_string(slot); }

/// The helper definitions the program's operations call, each once, in first-use order.
template <class ProgramOf>
std::string cpp_helpers() {
    std::string out;
    std::vector<std::string_view> helpers;
    for (const auto& ins : ProgramOf::value.code) {
        if (ins.kind != slot_kind::operation) continue;
        for (std::string_view h : ins.rules->cpp.helpers) {
            bool seen = h.empty();
            for (auto known : helpers) seen = seen || known == h;
            if (!seen) {
                helpers.push_back(h);
                out += h;
            }
        }
    }
    return out;
}

// Tensor programs: every slot is an array (a variable points into in[], a constant is an
// array of one, an operation's value and every adjoint a std::vector); an elementwise
// operation is a loop over its result's elements that reads its operands broadcast (their
// `cpp` expressions per element, as for scalars), a kernel operation a call of the plain
// loops its `cpp` rules give (statements over whole arrays, with the shapes filled in).

/// Where element (i, j) of a result is in an operand of shape s broadcast to it.
inline std::string broadcast_index(shape s) {
    const std::string row = s.rows == 1 ? "" : "i * " + std::to_string(s.cols);
    const std::string col = s.cols == 1 ? "" : "j";
    if (row.empty()) return col.empty() ? "0" : col;
    return col.empty() ? row : row + " + " + col;
}

/// A kernel's pattern filled: $id (the operation's id), $0, $1, $out, $adj, $dst (arrays), and
/// the rows, columns and rank of operand 0, operand 1 and the result ($R0 $C0 $K0, $R1 $C1
/// $K1, $R $C $K), and their four extents ($E0, $E1, $E: "2, 3, 4, 1").
struct kernel_cpp_names {
    std::string_view id;
    std::string a, b, out, adj, dst;
    std::array<shape, 3> shapes{};  // operand 0, operand 1, result
};
inline std::string fill_kernel_cpp(std::string_view pattern, const kernel_cpp_names& x) {
    std::string text;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const std::string_view rest = pattern.substr(i);
        auto take = [&](std::string_view key, const std::string& with) {
            if (!rest.starts_with(key)) return false;
            text += with;
            i += key.size() - 1;
            return true;
        };
        auto dims = [&](char what, std::size_t k) {
            const shape s = x.shapes[k];
            return std::to_string(what == 'R' ? s.rows : what == 'C' ? s.cols : std::size_t(s.rank));
        };
        // $E0, $E1, $E: the four extents (1 beyond the rank), as sum<Axis>'s helpers take them
        auto extents = [&](std::size_t k) {
            const shape s = x.shapes[k];
            std::string list;
            for (int axis = 0; axis < 4; ++axis) {
                const std::size_t e = axis < (s.rank < 2 ? 1 : s.rank) ? s.extent(axis) : 1;
                list += (axis == 0 ? "" : ", ") + std::to_string(e);
            }
            return list;
        };
        if (pattern[i] != '$') text += pattern[i];
        else if (take("$id", std::string(x.id)) || take("$out", x.out) || take("$adj", x.adj) || take("$dst", x.dst)) {
        } else if (rest.size() > 1 && rest[1] == 'E') {
            const bool operand = rest.size() > 2 && (rest[2] == '0' || rest[2] == '1');
            text += extents(operand ? std::size_t(rest[2] - '0') : 2);
            i += operand ? 2 : 1;
        } else if (rest.size() > 1 && (rest[1] == 'R' || rest[1] == 'C' || rest[1] == 'K')) {
            const bool operand = rest.size() > 2 && (rest[2] == '0' || rest[2] == '1');
            text += dims(rest[1], operand ? std::size_t(rest[2] - '0') : 2);
            i += operand ? 2 : 1;
        } else if (take("$0", x.a) || take("$1", x.b)) {
        } else text += pattern[i];
    }
    return text;
}

/// to_cpp of a program that holds a tensor: in[] and grad[] are the variables' elements,
/// row-major, one after another (the comment at the top gives each one's offset and shape).
template <class ProgramOf, class... Vars, class E>
std::string tensor_to_cpp(const E& f, std::string_view name) {
    constexpr auto& prog = ProgramOf::value;
    const auto constants = value_constants_of<double, ProgramOf>(f);
    const std::size_t slots = prog.code.size();
    const auto v = [](std::size_t slot) { return slot_name('v', static_cast<int>(slot)); };
    const auto g = [](std::size_t slot) { return slot_name('g', static_cast<int>(slot)); };
    std::vector<std::size_t> in_offset(prog.variables.size() + 1, 0);
    for (std::size_t i = 0; i < prog.variables.size(); ++i)
        in_offset[i + 1] = in_offset[i] + prog.shapes[static_cast<std::size_t>(prog.variable_slots[i])].size();

    std::string out = "// Generated by ctgrad::to_cpp: the value and gradient of\n//   " + to_string(f) + "\n";
    out += "// in[] holds each variable's elements, row-major, at these offsets:\n";
    for (std::size_t i = 0; i < prog.variables.size(); ++i)
        out += "//   in[" + std::to_string(in_offset[i]) + "]  " + std::string(prog.variables[i]) + " " +
               shape_string(prog.shapes[static_cast<std::size_t>(prog.variable_slots[i])]) + "\n";
    out += "// grad[] holds each gradient's elements, row-major, in wrt order:\n";
    std::size_t grad_offset = 0;
    ((out += "//   grad[" + std::to_string(grad_offset) + "]  d/d" + std::string(Vars::name.view()) + " " +
             shape_string(Vars::shape) + "\n",
      grad_offset += Vars::shape.size()),
     ...);
    out += "#include <cmath>\n#include <cstddef>\n#include <limits>\n#include <vector>\n";
    out += cpp_helpers<ProgramOf>();
    out += "template <class T>\nvoid " + std::string(name) + "(const T* in, T* value, T* grad) {\n";
    out += "    (void)in;\n";  // C++11: no [[maybe_unused]]
    const auto loop = [](shape s) {
        return "    for (std::size_t i = 0; i < " + std::to_string(s.rows) + "; ++i)\n        for (std::size_t j = 0; j < " +
               std::to_string(s.cols) + "; ++j)\n            ";
    };
    const auto names_of = [&](std::size_t slot, std::string dst) {
        const auto& ins = prog.code[slot];
        kernel_cpp_names x{ins.rules->label, v(std::size_t(ins.a)), ins.arity() > 1 ? v(std::size_t(ins.b)) : "", v(slot),
                           g(slot), std::move(dst)};
        x.shapes = {prog.shapes[std::size_t(ins.a)], ins.arity() > 1 ? prog.shapes[std::size_t(ins.b)] : shape{}, prog.shapes[slot]};
        return x;
    };
    for (std::size_t slot = 0; slot < slots; ++slot) {  // forward, in program order
        const auto& ins = prog.code[slot];
        const shape s = prog.shapes[slot];
        switch (ins.kind) {
            case slot_kind::variable:
                out += "    const T* " + v(slot) + " = in + " + std::to_string(in_offset[std::size_t(ins.a)]) + ";  // " +
                       std::string(prog.variables[std::size_t(ins.a)]) + "\n";
                break;
            case slot_kind::exact_constant:
                out += "    const T " + v(slot) + "[1] = {T(" + std::to_string(ins.exact.num) + ")" +
                       (ins.exact.den != 1 ? " / T(" + std::to_string(ins.exact.den) + ")" : std::string()) + "};\n";
                break;
            case slot_kind::value_constant:
                out += "    const T " + v(slot) + "[1] = {" + cpp_literal(constants[std::size_t(ins.a)]) + "};\n";
                break;
            case slot_kind::operation:
                out += "    std::vector<T> value" + std::to_string(slot) + "(" + std::to_string(s.size()) + ");\n    T* " + v(slot) +
                       " = &value" + std::to_string(slot) + "[0];\n";
                if (ins.rules->kernel) {
                    out += "    " + fill_kernel_cpp(ins.rules->cpp.value, names_of(slot, "")) + "\n";
                } else {
                    const std::string a = ins.arity() > 0 ? v(std::size_t(ins.a)) + "[" + broadcast_index(prog.shapes[std::size_t(ins.a)]) + "]" : "";
                    const std::string b = ins.arity() > 1 ? v(std::size_t(ins.b)) + "[" + broadcast_index(prog.shapes[std::size_t(ins.b)]) + "]" : "";
                    out += loop(s) + v(slot) + "[" + broadcast_index(s) + "] = " + fill_cpp(ins.rules->cpp.value, a, b, "", "") + ";\n";
                }
                break;
        }
    }
    // reverse, over the slots that lead to a variable of wrt: every adjoint starts at zero and
    // takes each contribution, the root's is 1
    std::vector<char> needed(slots, 0);
    for (std::size_t slot = 0; slot < slots; ++slot) {
        const auto& ins = prog.code[slot];
        if (ins.kind == slot_kind::variable)
            needed[slot] = ((prog.variables[std::size_t(ins.a)] == Vars::name.view()) || ...);
        for (std::size_t k = 0; k < ins.arity(); ++k) needed[slot] = needed[slot] || needed[std::size_t(ins.operand(k))];
    }
    for (std::size_t slot = 0; slot < slots; ++slot)
        if (needed[slot])
            out += "    std::vector<T> adjoint" + std::to_string(slot) + "(" + std::to_string(prog.shapes[slot].size()) +
                   ", T(0));\n    T* " + g(slot) + " = &adjoint" + std::to_string(slot) + "[0];\n";
    const auto root = static_cast<std::size_t>(prog.roots[0]);
    if (needed[root]) out += "    " + g(root) + "[0] = T(1);\n";
    for (std::size_t slot = slots; slot-- > 0;) {
        const auto& ins = prog.code[slot];
        if (ins.kind != slot_kind::operation || !needed[slot]) continue;
        const shape s = prog.shapes[slot];
        for (std::size_t k = 0; k < ins.arity(); ++k) {
            const auto operand = static_cast<std::size_t>(ins.operand(k));
            if (!needed[operand]) continue;
            if (ins.rules->kernel) {
                out += "    " + fill_kernel_cpp(ins.rules->cpp.backward[k], names_of(slot, g(operand))) + "\n";
            } else {
                const std::string a = v(std::size_t(ins.a)) + "[" + broadcast_index(prog.shapes[std::size_t(ins.a)]) + "]";
                const std::string b = ins.arity() > 1 ? v(std::size_t(ins.b)) + "[" + broadcast_index(prog.shapes[std::size_t(ins.b)]) + "]" : "";
                out += loop(s) + g(operand) + "[" + broadcast_index(prog.shapes[operand]) + "] += " +
                       fill_cpp(ins.rules->cpp.backward[k], a, b, v(slot) + "[" + broadcast_index(s) + "]",
                                g(slot) + "[" + broadcast_index(s) + "]") +
                       ";\n";
            }
        }
    }
    out += "    *value = " + v(root) + "[0];\n";
    grad_offset = 0;
    (
        [&] {
            const int slot = ProgramOf::slot_of(name_hash<Vars>(), Vars::name.view());
            const std::string n = std::to_string(Vars::shape.size()), at = std::to_string(grad_offset);
            out += "    for (std::size_t k = 0; k < " + n + "; ++k) grad[" + at + " + k] = " +
                   (slot >= 0 ? g(std::size_t(slot)) + "[k]" : std::string("T(0)")) + ";\n";
            grad_offset += Vars::shape.size();
        }(),
        ...);
    return out + "}\n";
}
}  // namespace detail

namespace detail {
template <class prog_t, class W, class E>
std::string scalar_to_cpp(const E& f, std::string_view name);
}

/// The C++ source of `template <class T> void name(const T* in, T* value, T* grad)`: *value
/// = f(in), grad[i] = df/dv_i in wrt order (0 for a variable f does not use). in[] holds
/// the variables f reads, in the order the comment at the top lists; with tensors, each
/// variable's elements row-major one after another, and grad[] each gradient's.
template <expression E, class... Vars>
std::string to_cpp(const E& f, wrt_list<Vars...>, std::string_view name) {
    using W = wrt_list<Vars...>;
    using prog_t = detail::program_of<double, E>;
    constexpr auto& prog = prog_t::value;
    if constexpr (detail::first_without_cpp<prog_t>() >= 0)  // names the operation's id, letter by letter
        CTGRAD_REPORT_VARIABLE(to_cpp_finds_cpp_rules_for_operation, to_cpp_finds_no_cpp_rules_for_operation,
                               "ctgrad::to_cpp: an operation has no C++ rules (its `cpp` member, ops/op.hpp)",
                               detail::operation_without_cpp<prog_t>::id);
    static_assert(!detail::value_layout<prog_t>::value.batched,
                  "ctgrad::to_cpp: f has a run-time batch (var<\"X\", batch, n>); to_cpp writes code for static shapes");
    if constexpr (prog.tensor) return detail::tensor_to_cpp<prog_t, Vars...>(f, name);
    else return detail::scalar_to_cpp<prog_t, W>(f, name);
}

namespace detail {
/// to_cpp of a program of scalars: the interleaved schedule's straight-line code.
template <class prog_t, class W, class E>
std::string scalar_to_cpp(const E& f, std::string_view name) {
    using schedule = detail::reverse_schedule<prog_t, W, double>;
    constexpr auto& prog = prog_t::value;
    const auto constants = detail::value_constants_of<double, prog_t>(f);
    const auto v = [](int slot) { return detail::slot_name('v', slot); };
    const auto g = [](int slot) { return detail::slot_name('g', slot); };

    std::string out = "// Generated by ctgrad::to_cpp: the value and gradient of\n//   " + to_string(f) + "\n";
    out += "// in[]:   ";
    for (std::size_t i = 0; i < prog.variables.size(); ++i)
        out += (i ? ", " : "") + std::string("in[") + std::to_string(i) + "] = " + std::string(prog.variables[i]);
    out += "\n// grad[]: ";
    for (std::size_t i = 0; i < W::size; ++i)
        out += (i ? ", " : "") + std::string("grad[") + std::to_string(i) + "] = d/d" + std::string(W::names[i]);
    out += "\n#include <cmath>\n#include <limits>\n";
    out += cpp_helpers<prog_t>();
    out += "template <class T>\nvoid " + std::string(name) + "(const T* in, T* value, T* grad) {\n";
    out += "    (void)in;\n    (void)grad;\n";  // C++11: no [[maybe_unused]]
    std::vector<char> declared(prog.code.size(), 0);
    const auto root = static_cast<std::size_t>(prog.roots[0]);
    bool seeded = false;
    auto seed = [&] {  // the root's adjoint: 1
        if (seeded || !schedule::value.touched[root]) return;
        out += "    T " + g(schedule::value.storage[root]) + " = T(1);\n";
        declared[static_cast<std::size_t>(schedule::value.storage[root])] = true;
        seeded = true;
    };
    for (int item : schedule::interleaved) {
        if (item >= 0) {
            const auto& ins = prog.code[static_cast<std::size_t>(item)];
            std::string value;
            switch (ins.kind) {
                case detail::slot_kind::variable: value = "in[" + std::to_string(ins.a) + "]"; break;
                case detail::slot_kind::exact_constant:
                    value = "T(" + std::to_string(ins.exact.num) + ")";
                    if (ins.exact.den != 1) value += " / T(" + std::to_string(ins.exact.den) + ")";
                    break;
                case detail::slot_kind::value_constant: value = detail::cpp_literal(constants[static_cast<std::size_t>(ins.a)]); break;
                case detail::slot_kind::operation:
                    value = detail::fill_cpp(ins.rules->cpp.value, ins.arity() > 0 ? v(ins.a) : "", ins.arity() > 1 ? v(ins.b) : "",
                                             v(item), "");
                    break;
            }
            out += "    const T " + v(item) + " = " + value + ";\n";
            continue;
        }
        seed();
        const auto& step = schedule::value.steps[static_cast<std::size_t>(-1 - item)];
        // the node's adjoint is read once, before any contribution may overwrite its storage
        const std::string adj = "d" + std::to_string(step.node);
        std::string contributions;
        for (std::size_t k = 0; k < step.ins.arity(); ++k) {
            if (!step.to[k] || !step.write[k]) continue;
            const std::string term = detail::fill_cpp(step.ins.rules->cpp.backward[k], v(step.ins.a),
                                                      step.ins.arity() > 1 ? v(step.ins.b) : "", v(step.node), adj);
            const auto dst = static_cast<std::size_t>(step.dst[k]);
            if (!step.first[k]) contributions += "    " + g(step.dst[k]) + " += " + term + ";\n";
            else if (declared[dst]) contributions += "    " + g(step.dst[k]) + " = " + term + ";\n";
            else {
                contributions += "    T " + g(step.dst[k]) + " = " + term + ";\n";
                declared[dst] = true;
            }
        }
        if (!contributions.empty()) out += "    const T " + adj + " = " + g(step.adjoint) + ";\n" + contributions;
    }
    seed();
    out += "    *value = " + v(static_cast<int>(root)) + ";\n";
    for (std::size_t i = 0; i < W::size; ++i) {
        int source = schedule::gradient_source[i];
        out += "    grad[" + std::to_string(i) + "] = " + (source >= 0 ? g(source) : std::string("T(0)")) + ";\n";
    }
    return out + "}\n";
}
}  // namespace detail
}  // namespace ctgrad
