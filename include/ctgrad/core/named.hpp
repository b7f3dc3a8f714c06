// ctgrad/core/named.hpp - named intermediates: named<"a1">(sigmoid(z1)) prints as a1,
// and derivatives through it are written in its forward value (a1 (1 - a1)).
#pragma once
#include <string_view>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/core/order.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace ops {
/// Not an operation but an alias (detail/node_kind.hpp): programs give it its operand's
/// slot, printing its name, diff the operand's derivative written in the name.
template <fixed_string Name>
struct named {
    static constexpr auto name = Name;
    static constexpr std::string_view id = "named";
    static constexpr op_properties properties{.param = detail::hash_text(Name.view())};  // one per name
};
}  // namespace ops

/// Names an intermediate: it evaluates as e and prints as Name.
template <fixed_string Name, expression E>
constexpr auto named(const E& e) {
    return detail::make_node<node<ops::named<Name>, E>>(e);
}

namespace detail {
template <class E>
struct is_named_t : std::false_type {};
template <fixed_string Name, class E>
struct is_named_t<node<ops::named<Name>, E>> : std::true_type {};
template <class E>
concept is_named = is_named_t<E>::value;

template <fixed_string Name, class E>
struct order_traits<node<ops::named<Name>, E>> {  // sorts among variables, by name
    static consteval int rank() { return 2; }
    static consteval bool leaf() { return false; }
    static consteval std::string_view name() { return Name.view(); }
};
}  // namespace detail
}  // namespace ctgrad
