// ctgrad/explain.hpp - explain(f, v, p): the chain rule from f to v written out node by
// node, as backpropagation is taught (and as the seed's solutions write it):
//
//   dy/da = dy/ds1 * ds1/da                     the product of per-node partials
//         = 1 * r1 * s1 * (1 - s1)              each partial in forward-pass values
//         = 1 * 2 * 0.880797 * (1 - 0.880797)   the same with the numbers at p
//         = 0.209987                            the value
//
// The nodes of the chain are f, its named intermediates (named<"s1">(...)) and v: an
// unnamed node is folded into the local partial of the named node above it. Each path
// from f to v is one product; several paths are summed. A path through a zero (relu's
// untaken branch) is shown, and its numbers give 0.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/named.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/detail/node_kind.hpp>
#include <ctgrad/diff.hpp>
#include <ctgrad/eval.hpp>
#include <ctgrad/print.hpp>

namespace ctgrad {
namespace detail {
/// A list of types, built by constexpr functions (value-based metaprogramming).
template <class... Ts>
struct type_list {};

template <class... As, class... Bs>
constexpr type_list<As..., Bs...> operator+(type_list<As...>, type_list<Bs...>) {
    return {};
}
template <class T, class... Ts>
constexpr auto add_unique(type_list<Ts...>) {
    if constexpr ((std::is_same_v<Ts, T> || ...)) return type_list<Ts...>{};
    else return type_list<Ts..., T>{};
}
template <class... As, class... Bs>
constexpr auto merge_unique(type_list<As...> a, type_list<Bs...>) {
    if constexpr (sizeof...(Bs) == 0) return a;
    else return [&]<class B0, class... Rest>(type_list<B0, Rest...>) {
        return merge_unique(add_unique<B0>(a), type_list<Rest...>{});
    }(type_list<Bs...>{});
}

constexpr auto merge_all() { return type_list<>{}; }
template <class L0, class... Ls>
constexpr auto merge_all(L0 first, Ls... rest) {
    return merge_unique(first, merge_all(rest...));
}

/// The variables and named nodes reached from E without passing through a named node.
template <class E>
constexpr auto chain_nodes_from() {
    constexpr node_kind kind = kind_of<E>{};
    if constexpr (kind == node_kind::variable || kind == node_kind::named) return type_list<E>{};
    else if constexpr (kind == node_kind::operation)
        return []<std::size_t... I>(std::index_sequence<I...>) {
            return merge_all(chain_nodes_from<operand_t<I, E>>()...);
        }(std::make_index_sequence<E::arity>{});
    else return type_list<>{};
}

/// The nodes the chain rule steps to from N (the root, or a named node): below N.
template <class N>
constexpr auto chain_children() {
    if constexpr (operand_count<N>() == 0) return type_list<>{};
    else
        return []<std::size_t... I>(std::index_sequence<I...>) {
            return merge_all(chain_nodes_from<operand_t<I, N>>()...);
        }(std::make_index_sequence<operand_count<N>()>{});
}

/// Every path from the last node of Prefix down to V, each a type_list<root, ..., V>.
template <class V, class... Prefix>
constexpr auto chain_paths(type_list<Prefix...>);
template <class V, class C, class... Prefix>
constexpr auto paths_via() {
    if constexpr (std::is_same_v<C, V>) return type_list<type_list<Prefix..., C>>{};
    else if constexpr (kind_of<C>{} == node_kind::named && depends_on<C, V>) return chain_paths<V>(type_list<Prefix..., C>{});
    else return type_list<>{};
}
template <class V, class... Prefix>
constexpr auto chain_paths(type_list<Prefix...>) {
    using last = decltype((std::type_identity<Prefix>{}, ...));  // the comma fold keeps the last
    return [&]<class... Cs>(type_list<Cs...>) {
        return (type_list<>{} + ... + paths_via<V, Cs, Prefix...>());
    }(chain_children<typename last::type>());
}

/// E with every named node below its top replaced by a variable of the same name: a
/// local partial written in its named children.
template <class E>
constexpr auto opaque_below(const E& e);
template <class E, std::size_t... I>
constexpr auto opaque_operands(const E& e, std::index_sequence<I...>) {
    return detail::make_node<node<typename E::op, decltype(opaque_below(e.template operand<I>()))...>>(opaque_below(e.template operand<I>())...);
}
template <class E>
constexpr auto opaque_below(const E& e) {
    if constexpr (kind_of<E>{} == node_kind::named) return var<E::op::name>{};
    else if constexpr (kind_of<E>{} == node_kind::operation) return opaque_operands(e, std::make_index_sequence<E::arity>{});
    else return e;
}
template <class E>
constexpr auto opaque_top(const E& e) {
    if constexpr (operand_count<E>() == 0) return e;
    else return opaque_operands(e, std::make_index_sequence<E::arity>{});
}

/// The variable a chain node stands for in its parent's local partial.
template <class C>
constexpr auto as_variable() {
    if constexpr (kind_of<C>{} == node_kind::named) return var<C::op::name>{};
    else return C{};
}

/// The subexpression of type N inside e (the first, depth first): it may hold values.
template <class N, class E>
struct holds : std::is_same<N, E> {};
template <class N, class Op, class... A>
struct holds<N, node<Op, A...>> : std::bool_constant<std::is_same_v<N, node<Op, A...>> || (holds<N, A>::value || ...)> {};
template <class N, class E>
constexpr N find_node(const E& e);
template <class N, class E, std::size_t I>
constexpr N find_in_operands(const E& e) {
    if constexpr (holds<N, operand_t<I, E>>::value) return find_node<N>(e.template operand<I>());
    else return find_in_operands<N, E, I + 1>(e);
}
template <class N, class E>
constexpr N find_node(const E& e) {
    if constexpr (std::is_same_v<N, E>) return e;
    else return find_in_operands<N, E, 0>(e);
}

/// Every named node of E, E itself included.
template <class E>
constexpr auto named_nodes_of() {
    if constexpr (operand_count<E>() == 0) return type_list<>{};
    else {
        auto below = []<std::size_t... I>(std::index_sequence<I...>) {
            return merge_all(named_nodes_of<operand_t<I, E>>()...);
        }(std::make_index_sequence<operand_count<E>()>{});
        if constexpr (kind_of<E>{} == node_kind::named) return add_unique<E>(below);
        else return below;
    }
}

/// p with the value of every named node of f bound to a variable of the node's name.
template <class T, fixed_string... Names, class F, class... N, std::size_t... I>
constexpr auto with_named_values(const point<T, Names...>& p, const F& f, type_list<N...>, std::index_sequence<I...>) {
    using extended = point<T, Names..., N::op::name...>;
    static_assert(first_duplicate(extended::hashes, extended::names) < 0,
                  "ctgrad::explain: a named intermediate has the name of a variable, or of another named node");
    return extended{{p.values[I]..., eval(find_node<N>(f), p)...}};
}

/// e with every variable and named node replaced by its value at p (to print the numbers).
template <class T, class E, class P>
constexpr auto with_values(const E& e, const P& p);
template <class T, class E, class P, std::size_t... I>
constexpr auto values_in_operands(const E& e, const P& p, std::index_sequence<I...>) {
    return detail::make_node<node<typename E::op, decltype(with_values<T>(e.template operand<I>(), p))...>>(
        with_values<T>(e.template operand<I>(), p)...);
}
template <class T, class E, class P>
constexpr auto with_values(const E& e, const P& p) {
    constexpr node_kind kind = kind_of<E>{};
    if constexpr (kind == node_kind::variable) return value_constant<T>{p[e]};
    else if constexpr (kind == node_kind::named) return value_constant<T>{p[var<E::op::name>{}]};
    else if constexpr (kind == node_kind::operation) return values_in_operands<T>(e, p, std::make_index_sequence<E::arity>{});
    else return e;
}

/// A chain node's name: a variable's or a named node's; the root's when it is unnamed.
template <class N>
constexpr std::string_view chain_name() {
    if constexpr (kind_of<N>{} == node_kind::variable) return N::name.view();
    else if constexpr (kind_of<N>{} == node_kind::named) return N::op::name.view();
    else return "f";
}

/// dy/da, or \frac{\partial y}{\partial a}. Appended piece by piece: g++ 12 warns falsely
/// (-Wrestrict) on "literal" + std::string at -O3, and cannot copy a std::string chosen by
/// ?: in constant evaluation.
template <bool Latex>
constexpr std::string partial_text(std::string_view of, std::string_view by) {
    std::string out;
    if constexpr (Latex) {
        out += "\\frac{\\partial ";
        out += latex_name(of);
        out += "}{\\partial ";
        out += latex_name(by);
        out += "}";
    } else {
        out += "d";
        out += of;
        out += "/d";
        out += by;
    }
    return out;
}

/// The four lines of one path, and its value.
template <class T>
struct explained_path {
    std::string partials, forward, numbers;
    T value = T(1);
};

template <bool Latex, class T, class F, class Ext, class... Nodes>
constexpr explained_path<T> explain_path(const F& f, const Ext& ext, type_list<Nodes...>) {
    constexpr std::size_t n = sizeof...(Nodes);
    explained_path<T> out;
    const char* times = Latex ? " \\cdot " : " * ";
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        auto factor = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            using N = std::tuple_element_t<I, std::tuple<Nodes...>>;
            using C = std::tuple_element_t<I + 1, std::tuple<Nodes...>>;
            const auto local = diff(opaque_top(find_node<N>(f)), as_variable<C>());
            if constexpr (I > 0) {
                out.partials += Latex ? " " : " * ";
                out.forward += times;
                out.numbers += times;
            }
            out.partials += partial_text<Latex>(chain_name<N>(), chain_name<C>());
            out.forward += parenthesize<Latex>(print<Latex>(local), precedence::product);
            out.numbers += parenthesize<Latex>(print<Latex>(with_values<T>(local, ext), {6, true}), precedence::product);
            out.value *= eval(local, ext);
        };
        (factor(std::integral_constant<std::size_t, K>{}), ...);
    }(std::make_index_sequence<n - 1>{});
    return out;
}

template <bool Latex, class F, variable V, class P>
constexpr std::string explain_text(const F& f, V, const P& p) {
    using T = typename P::value_type;
    const auto ext = with_named_values(owned(p), f, named_nodes_of<F>(), std::make_index_sequence<P::size>{});
    constexpr auto paths = chain_paths<V>(type_list<F>{});
    std::string partials, forward, numbers;
    T value = T(0);
    [&]<class... Paths>(type_list<Paths...>) {
        bool first = true;
        [[maybe_unused]] auto add = [&](const explained_path<T>& path) {
            if (!first) {
                partials += " + ";
                forward += " + ";
                numbers += " + ";
            }
            partials += path.partials;
            forward += path.forward;
            numbers += path.numbers;
            value += path.value;
            first = false;
        };
        (add(explain_path<Latex, T>(f, ext, Paths{})), ...);
    }(paths);
    const std::string head = partial_text<Latex>(chain_name<F>(), V::name.view());
    const std::string total = number_text(static_cast<long double>(value), 6);
    if (partials.empty()) return head + " = 0";  // f does not depend on v
    std::string out;
    if constexpr (Latex) out += "\\begin{aligned}\n";
    out += head;
    const std::string indent(Latex ? 0 : head.size() + 1, ' ');
    auto line = [&](const std::string& text, bool first) {
        if (first) out += Latex ? " &= " : " = ";
        else if constexpr (Latex) out += " \\\\\n&= ";
        else {
            out += '\n';
            out += indent;
            out += "= ";
        }
        out += text;
    };
    line(partials, true);
    line(forward, false);
    line(numbers, false);
    line(total, false);
    if constexpr (Latex) out += "\n\\end{aligned}";
    return out;
}
}  // namespace detail

/// The chain rule from f to v at p, node by node: per-node partials, the same in
/// forward-pass values, with the numbers, and the value (four lines). f's named
/// intermediates are the nodes; name f itself (named<"y">(...)) to have it printed as y.
template <expression F, variable V, point_like P>
constexpr std::string explain(const F& f, V v, const P& p) {
    return detail::explain_text<false>(f, v, p);
}

/// explain as a LaTeX aligned block, with \frac{\partial y}{\partial a}.
template <expression F, variable V, point_like P>
constexpr std::string explain_latex(const F& f, V v, const P& p) {
    return detail::explain_text<true>(f, v, p);
}

/// Misuse: explain(f, v, p) takes an expression, a variable and a point.
template <class F, class V, class P>
    requires(!(expression<F> && variable<V> && point_like<P>))
diagnostic::misuse explain(const F&, const V&, const P&) {
    static_assert(detail::dependent_false<F, V, P>,
                  "ctgrad::explain: explain(f, v, p) takes an expression, a variable (var<\"name\">) and a point (at(...))");
    return {};
}
template <class F, class V, class P>
    requires(!(expression<F> && variable<V> && point_like<P>))
diagnostic::misuse explain_latex(const F&, const V&, const P&) {
    static_assert(detail::dependent_false<F, V, P>,
                  "ctgrad::explain_latex: explain_latex(f, v, p) takes an expression, a variable (var<\"name\">) and a point (at(...))");
    return {};
}
}  // namespace ctgrad
