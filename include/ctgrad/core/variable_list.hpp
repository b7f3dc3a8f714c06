// ctgrad/core/variable_list.hpp - a list of variable names (a wrt list's, a point's, a
// gradient's) reached through a short key: variable_list_key<N, Hash>. Tables that depend on
// the list (a reverse schedule, a point's map into a program) are named by the key, not by
// the names: g++ names every table it instantiates, and a list of 420 names is 6 KB of name.
// The key's table is defined by the list that owns it (name_list) and found by
// argument-dependent lookup; two lists whose hashes collide define it twice, a compile error.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/detail/name_index.hpp>

namespace ctgrad::detail {

/// A list's names, their hashes, and their lookup.
template <std::size_t N>
struct variable_table {
    std::array<std::string_view, N> names;
    std::array<std::uint64_t, N> hashes;
    name_index<N> lookup;
    /// The position of a name (given its hash), or -1.
    constexpr int find(std::uint64_t hash, std::string_view name) const { return lookup.find(hash, name, names); }
};

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-template-friend"
#endif
template <std::size_t N, std::uint64_t Hash>
struct variable_list_key {
    friend constexpr const variable_table<N>& table_of(variable_list_key);
    // what a reverse schedule reads of its wrt list
    static constexpr std::size_t size = N;
    static constexpr const std::array<std::string_view, N>& names = table_of(variable_list_key{}).names;
    static constexpr const std::array<std::uint64_t, N>& hashes = table_of(variable_list_key{}).hashes;
};
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/// The hash of a variable's name, as name_hash<var<Name>>() gives it.
constexpr std::uint64_t name_hash_of(std::string_view name) { return hash_leaf(name, 0x53u).lo; }

template <std::size_t N>
consteval std::uint64_t list_hash(const std::array<std::uint64_t, N>& hashes) {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (std::uint64_t v : hashes) h = hash_mix(h, v);
    return h;
}

/// The list Names... and the definition of its key's table.
template <fixed_string... Names>
struct name_list {
    static constexpr std::size_t size = sizeof...(Names);
    using key = variable_list_key<size, list_hash(std::array<std::uint64_t, size>{name_hash_of(Names.view())...})>;
    static constexpr variable_table<size> table{{Names.view()...},
                                                {name_hash_of(Names.view())...},
                                                {{name_hash_of(Names.view())...}}};
    friend constexpr const variable_table<size>& table_of(key) { return table; }
};
/// The key of a list of names (naming it defines the key's table).
template <fixed_string... Names>
using name_list_key = typename name_list<Names...>::key;
}  // namespace ctgrad::detail
