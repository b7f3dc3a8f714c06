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
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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
    if constexpr (kind_of<E>{} == node_kind::named) return typename var_with_extents<E::op::name, shape_of<E>{}.rank, shape_of<E>{}.rows, shape_of<E>{}.cols, shape_of<E>{}.value.batch, shape_of<E>{}.value.tail[0], shape_of<E>{}.value.tail[1], shape_of<E>{}.value.tail[2]>::type{};
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
    if constexpr (kind_of<C>{} == node_kind::named) return typename var_with_extents<C::op::name, shape_of<C>{}.rank, shape_of<C>{}.rows, shape_of<C>{}.cols, shape_of<C>{}.value.batch, shape_of<C>{}.value.tail[0], shape_of<C>{}.value.tail[1], shape_of<C>{}.value.tail[2]>::type{};
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

// With tensors the chain rule is a chain of vector-Jacobian products, not a product of
// partials: each chain node's adjoint is written from its parents' adjoints (variables named
// dL/dN, of N's shape) and forward values, as diff prints it, then evaluated at p.

/// "d" Of "/d" By: the name of the variable that holds an adjoint.
template <fixed_string Of, fixed_string By>
consteval auto adjoint_name() {
    fixed_string<Of.size() + By.size() + 3> out;
    std::size_t k = 0;
    out.chars[k++] = 'd';
    for (char c : Of.view()) out.chars[k++] = c;
    out.chars[k++] = '/';
    out.chars[k++] = 'd';
    for (char c : By.view()) out.chars[k++] = c;
    return out;
}
template <class N>
consteval auto chain_fixed_name() {
    if constexpr (kind_of<N>{} == node_kind::variable) return N::name;
    else if constexpr (kind_of<N>{} == node_kind::named) return N::op::name;
    else return fixed_string{"f"};
}
/// The variable holding dF/dN, of N's shape.
template <class F, class N>
using adjoint_var = typename var_with_extents<adjoint_name<chain_fixed_name<F>(), chain_fixed_name<N>()>(), shape_of<N>{}.rank,
                                             shape_of<N>{}.rows, shape_of<N>{}.cols, shape_of<N>{}.value.batch, shape_of<N>{}.value.tail[0], shape_of<N>{}.value.tail[1], shape_of<N>{}.value.tail[2]>::type;
/// The variable holding named node N's value, of N's shape.
template <class N>
using named_value_var =
    typename var_with_extents<N::op::name, shape_of<N>{}.rank, shape_of<N>{}.rows, shape_of<N>{}.cols, shape_of<N>{}.value.batch, shape_of<N>{}.value.tail[0], shape_of<N>{}.value.tail[1], shape_of<N>{}.value.tail[2]>::type;

template <class... Ts>
constexpr auto reverse_list(type_list<Ts...>) {
    if constexpr (sizeof...(Ts) == 0) return type_list<>{};
    else return []<class First, class... Rest>(type_list<First, Rest...>) {
        return reverse_list(type_list<Rest...>{}) + type_list<First>{};
    }(type_list<Ts...>{});
}
/// The named nodes of F (F excluded) on a path to V, every parent before its children.
template <class F, class V>
constexpr auto adjoint_order() {
    return []<class... Ns>(type_list<Ns...>) {
        return (type_list<>{} + ... +
                std::conditional_t<!std::is_same_v<Ns, F> && depends_on<Ns, V>, type_list<Ns>, type_list<>>{});
    }(reverse_list(named_nodes_of<F>()));
}
/// The types of a list before C.
template <class C, class... Before, class First, class... Rest>
constexpr auto prefix_before(type_list<Before...>, type_list<First, Rest...>) {
    if constexpr (std::is_same_v<C, First>) return type_list<Before...>{};
    else return prefix_before<C>(type_list<Before..., First>{}, type_list<Rest...>{});
}
template <class C, class... Ts>
constexpr bool list_has(type_list<Ts...>) {
    return (std::is_same_v<C, Ts> || ...);
}

/// The share of C's adjoint that flows from its chain parent N (F, the root, has adjoint 1).
template <class F, class N, class C>
constexpr auto vjp_share(const F& f) {
    if constexpr (!list_has<C>(chain_children<N>())) return constant<0>{};
    else {
        using X = decltype(as_variable<C>());
        constexpr shape s = shape_of<C>{};
        if constexpr (std::is_same_v<N, F>) return expand_to<s>(backprop<X>(opaque_top(f), constant<1>{}));
        else return expand_to<s>(backprop<X>(opaque_top(find_node<N>(f)), adjoint_var<F, N>{}));
    }
}
/// C's adjoint: the sum of the shares of its chain parents (F and the named nodes before it).
template <class F, class C, class... Parents>
constexpr auto adjoint_expression(const F& f, type_list<Parents...>) {
    return (vjp_share<F, F, C>(f) + ... + vjp_share<F, Parents, C>(f));
}

template <class E>
constexpr const auto* elements_of(const E& value) {
    if constexpr (requires { value.data(); }) return value.data();
    else return &value;
}

template <bool Latex, class F, variable V, class P>
std::string explain_tensor_text(const F& f, V, const P& p) {
    using T = typename P::value_type;
    constexpr auto order = adjoint_order<F, V>();
    std::vector<std::string> heads, formulas, facts;
    [&]<class... Ns>(type_list<Ns...>) {
        // every named value and adjoint, kept here and bound by pointer to one extended point
        // every named node's value (a share may read one off the chain) and each chain node's
        // adjoint, kept here and bound by pointer to one extended point
        constexpr auto all_named = []<class... Ms>(type_list<Ms...>) {
            return (type_list<>{} + ... + std::conditional_t<std::is_same_v<Ms, F>, type_list<>, type_list<Ms>>{});
        }(named_nodes_of<F>());
        std::array<std::vector<T>, sizeof...(Ns)> adjoints{};
        [[maybe_unused]] std::size_t k = 0;
        (adjoints[k++].assign(at_batch(shape_of<Ns>{}, p.batch()).size(), T(0)), ...);
        auto extended = [&]<class... Ms>(type_list<Ms...>, const auto& named_values) {
            std::array<const T*, sizeof...(Ms) + sizeof...(Ns)> data{};
            std::size_t at = 0;
            for (const auto& values : named_values) data[at++] = values.data();
            for (const auto& adjoint : adjoints) data[at++] = adjoint.data();
            using joined = decltype(joined_point<named_value_var<Ms>..., adjoint_var<F, Ns>...>(p, data));
            static_assert(first_duplicate(joined::hashes, joined::names) < 0,
                          "ctgrad::explain: a named intermediate has the name of a variable, or of another named node");
            return joined_point<named_value_var<Ms>..., adjoint_var<F, Ns>...>(p, data);
        };
        const auto named_values = [&]<class... Ms>(type_list<Ms...>) {
            return std::array<std::vector<T>, sizeof...(Ms)>{[&] {
                const auto value = eval(find_node<Ms>(f), p);
                const T* first = elements_of(value);
                return std::vector<T>(first, first + at_batch(shape_of<Ms>{}, p.batch()).size());
            }()...};
        }(all_named);
        auto step = [&]<class C, class Parents>(std::vector<T>* out) {
            const auto expression = adjoint_expression<F, C>(f, Parents{});
            const auto value = eval(expression, extended(all_named, named_values));
            const T* first = elements_of(value);
            const shape s = at_batch(shape_of<C>{}, p.batch());  // (a batched node's at the bound batch)
            long double squares = 0;
            for (std::size_t e = 0; e < s.size(); ++e) squares += static_cast<long double>(first[e]) * first[e];
            if (out) out->assign(first, first + s.size());
            heads.push_back(partial_text<Latex>(chain_name<F>(), chain_name<C>()));
            formulas.push_back(print<Latex>(expression).text);
            std::string fact = Latex ? "\\left(" : "(";
            if (s.rank == 0) fact += "scalar";
            for (int axis = 0; axis < s.rank; ++axis)
                fact += (axis == 0 ? std::string() : std::string(Latex ? " \\times " : " x ")) + std::to_string(s.extent(axis));
            fact += Latex ? "\\right),\\ \\|\\cdot\\| = " : "), norm ";
            fact += number_text(std::sqrt(squares), 6);
            facts.push_back(fact);
        };
        [[maybe_unused]] std::size_t i = 0;
        (
            [&] {
                step.template operator()<Ns, decltype(prefix_before<Ns>(type_list<>{}, order))>(&adjoints[i]);
                ++i;
            }(),
            ...);
        step.template operator()<V, type_list<Ns...>>(nullptr);
    }(order);
    std::size_t width = 0, head_width = 0;
    for (std::size_t k = 0; k < formulas.size(); ++k) {
        width = std::max(width, formulas[k].size());
        head_width = std::max(head_width, heads[k].size());
    }
    std::string out;
    if constexpr (Latex) out += "\\begin{aligned}\n";
    for (std::size_t k = 0; k < formulas.size(); ++k) {
        if constexpr (Latex) {
            out += heads[k] + " &= " + formulas[k] + " && " + facts[k];
            out += k + 1 < formulas.size() ? " \\\\\n" : "\n";
        } else {
            out += heads[k] + std::string(head_width - heads[k].size(), ' ') + " = " + formulas[k] +
                   std::string(width - formulas[k].size(), ' ') + "   " + facts[k];
            if (k + 1 < formulas.size()) out += '\n';
        }
    }
    if constexpr (Latex) out += "\\end{aligned}";
    return out;
}
}  // namespace detail

/// The chain rule from f to v at p, node by node: per-node partials, the same in
/// forward-pass values, with the numbers, and the value (four lines). f's named
/// intermediates are the nodes; name f itself (named<"y">(...)) to have it printed as y.
/// With tensors: one line per chain node, its adjoint written from its parents' adjoints and
/// forward values (as diff prints it), then its shape and the norm of its numbers; the last
/// line is v's: the gradient.
template <expression F, variable V, point_like P>
constexpr std::string explain(const F& f, V v, const P& p) {
    if constexpr (detail::has_tensor_t<F>::value || V::shape.rank > 0) return detail::explain_tensor_text<false>(f, v, p);
    else return detail::explain_text<false>(f, v, p);
}

/// explain as a LaTeX aligned block, with \frac{\partial y}{\partial a}.
template <expression F, variable V, point_like P>
constexpr std::string explain_latex(const F& f, V v, const P& p) {
    if constexpr (detail::has_tensor_t<F>::value || V::shape.rank > 0) return detail::explain_tensor_text<true>(f, v, p);
    else return detail::explain_text<true>(f, v, p);
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
