// ctgrad/detail/program_builder.hpp - the growing program while an expression type is
// walked (detail/program.hpp): instructions, variables, shapes, and an open-addressing table
// from a stateless subexpression's structural hash to its slot, so each is emitted once.
#pragma once
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/shape.hpp>
#include <ctgrad/detail/op_rules.hpp>

namespace ctgrad::detail {

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

}  // namespace ctgrad::detail
