// ctgrad/detail/layout.hpp - where each slot's value and adjoint live: offsets into two
// contiguous blocks, computed at compile time (as XLA's ahead-of-time compiler assigns
// buffers). A scalar is the rank-0 tensor: it takes one element, so in a program of scalars
// slot i's value is element i. A tensor variable takes no value space (its elements are read
// where the caller keeps them), nor does a reshape (its operand's are read); a scalar variable
// is copied in. Only slots that receive an
// adjoint take adjoint space, and an operand that shares its parent's adjoint storage (a + b)
// takes none of its own. A block past detail/storage_limit.hpp's limit is on the heap. With a
// run-time batch (core/shape.hpp) a batched slot's offset is linear in the batch, and its
// blocks are sized when the batch is known: at a workspace's max_batch, or at the point's.
#pragma once
#include <array>
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/storage_limit.hpp>

namespace ctgrad::detail {

/// Tensor slots start at multiples of this many elements, and blocks with tensors at 64 bytes:
/// every tensor's elements then have one alignment whatever the layout. Eigen's vectorized
/// functions (exp, tanh, logistic) compute a misaligned head with scalar code, whose last bits
/// differ from the packets', so without it a run-time batch and a static one, or two programs
/// sharing a subexpression, could differ in the last bits.
inline constexpr std::size_t tensor_alignment = 16;
inline constexpr std::size_t block_alignment_bytes = 64;
constexpr element_count aligned(element_count c) {
    auto up = [](std::size_t n) { return (n + tensor_alignment - 1) / tensor_alignment * tensor_alignment; };
    return {up(c.per_batch), up(c.fixed)};
}

template <std::size_t N>
struct block_layout {
    // Static slots first, then the batched ones: a static slot's offset is a constant whatever
    // the batch (scalar steps read it as one), a batched slot's is per_batch * batch + fixed.
    std::array<element_count, N> offset{};
    element_count size{};
    bool batched = false;  // some slot's count depends on the batch
    // A kernel's scratch space. Kernels run one at a time and keep nothing there from one
    // step to the next, so every kernel's scratch is one region after the values, as large as
    // the largest kernel's. A kernel with a batched operand or result sizes its scratch from
    // its concrete shapes at run time (scratch_at_run_time); scratch_region is the largest
    // static one.
    element_count scratch_start{};
    std::size_t scratch_region = 0;
    std::array<std::size_t, N> scratch_size{};
    std::array<bool, N> scratch_at_run_time{};
    std::array<element_count, N> kept_offset{};  // what a kernel's forward keeps

    constexpr std::size_t offset_at(std::size_t slot, std::size_t batch_size) const { return offset[slot].at(batch_size); }
};

/// A slot whose value is read where the point keeps it: a tensor variable.
template <class Prog>
constexpr bool read_in_place(const Prog& prog, std::size_t slot) {
    return prog.code[slot].kind == slot_kind::variable && prog.shapes[slot].rank > 0;
}

/// What a kernel keeps at a batch of 1 and of 2 gives its count (linear in the batch).
/// A slot whose value is its operand's elements (op_properties::views_operand): a reshape.
template <class Prog>
constexpr bool views_operand(const Prog& prog, std::size_t slot) {
    return prog.code[slot].kind == slot_kind::operation && prog.code[slot].rules->properties.views_operand;
}

template <class Rules>
constexpr element_count kept_count(const Rules& rules, shape a, shape b) {
    if (!a.batched() && !b.batched()) return {0, rules.kept(a, b)};
    const std::size_t one = rules.kept(at_batch(a, 1), at_batch(b, 1)), two = rules.kept(at_batch(a, 2), at_batch(b, 2));
    return {two - one, 2 * one - two};
}

template <class ProgramOf>
struct value_layout {
    static constexpr auto& Prog = ProgramOf::value;
    static constexpr block_layout<Prog.code.size()> value = []() consteval {
        block_layout<Prog.code.size()> r;
        auto operand_shape = [](const auto& ins, int k) {
            const int at = k == 0 ? ins.a : ins.b;
            return at >= 0 ? Prog.shapes[static_cast<std::size_t>(at)] : shape{};
        };
        for (int pass = 0; pass < 2; ++pass) {
            const bool batched_pass = pass == 1;
            for (std::size_t i = 0; i < Prog.code.size(); ++i) {
                if (read_in_place(Prog, i) || views_operand(Prog, i)) continue;
                const element_count count = Prog.shapes[i].count();
                if ((count.per_batch > 0) == batched_pass) {
                    if (Prog.shapes[i].rank > 0) r.size = aligned(r.size);
                    r.offset[i] = r.size;
                    r.size = r.size + count;
                }
                const auto& ins = Prog.code[i];
                if (ins.kind != slot_kind::operation) continue;
                const shape sa = operand_shape(ins, 0), sb = ins.rules->arity > 1 ? operand_shape(ins, 1) : shape{};
                if (ins.rules->has_kept) {
                    const element_count kept = kept_count(*ins.rules, sa, sb);
                    if ((kept.per_batch > 0) == batched_pass) {
                        r.kept_offset[i] = r.size;
                        r.size = r.size + kept;
                    }
                }
                if (ins.rules->has_scratch && !batched_pass) {
                    if (sa.batched() || sb.batched() || Prog.shapes[i].batched()) {
                        r.scratch_at_run_time[i] = true;
                    } else {
                        r.scratch_size[i] = ins.rules->scratch(sa, sb);
                        r.scratch_region = r.scratch_region < r.scratch_size[i] ? r.scratch_size[i] : r.scratch_region;
                    }
                }
            }
        }
        r.batched = r.size.per_batch > 0;
        for (std::size_t i = 0; i < Prog.code.size(); ++i) r.batched = r.batched || r.scratch_at_run_time[i];
        if (Prog.tensor) r.size = aligned(r.size);
        r.scratch_start = r.size;
        return r;
    }();

    /// Node i's scratch at a batch (its static size when it has no batched operand).
    static constexpr std::size_t scratch_at(std::size_t i, std::size_t batch_size) {
        if (!value.scratch_at_run_time[i]) return value.scratch_size[i];
        const auto& ins = Prog.code[i];
        const shape sa = Prog.shapes[static_cast<std::size_t>(ins.a)];
        const shape sb = ins.rules->arity > 1 ? Prog.shapes[static_cast<std::size_t>(ins.b)] : shape{};
        return ins.rules->scratch(at_batch(sa, batch_size), at_batch(sb, batch_size));
    }
    /// The scratch region at a batch: as large as the largest kernel's there (scratch grows
    /// with the batch, so a block sized at a workspace's max_batch serves every smaller one).
    static constexpr std::size_t scratch_region_at(std::size_t batch_size) {
        if constexpr (!value.batched) {
            return value.scratch_region;
        } else {
            std::size_t region = value.scratch_region;
            for (std::size_t i = 0; i < Prog.code.size(); ++i) {
                const std::size_t s = scratch_at(i, batch_size);
                region = region < s ? s : region;
            }
            return region;
        }
    }
    /// The value block's elements at a batch: values, kept, scratch.
    static constexpr std::size_t size_at(std::size_t batch_size) {
        return value.size.at(batch_size) + scratch_region_at(batch_size);
    }
};

/// Adjoint offsets by storage slot (reverse_schedule::storage), static slots first.
template <class Schedule>
struct adjoint_layout {
    static constexpr auto& Prog = Schedule::Prog;
    static constexpr std::size_t n = Prog.code.size();
    static constexpr block_layout<n> value = []() consteval {
        block_layout<n> r;
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t i = 0; i < n; ++i) {
                if (!Schedule::value.touched[i] || Schedule::value.storage[i] != static_cast<int>(i)) continue;
                const element_count count = Prog.shapes[i].count();
                if ((count.per_batch > 0) != (pass == 1)) continue;
                if (Prog.shapes[i].rank > 0) r.size = aligned(r.size);
                r.offset[i] = r.size;
                r.size = r.size + count;
            }
        r.batched = r.size.per_batch > 0;
        return r;
    }();
    static constexpr std::size_t size_at(std::size_t batch_size) { return value.size.at(batch_size); }
};

/// n elements, zeroed, 64-byte aligned (at run time; constant evaluation has no addresses to
/// align and allows only a plain new T[n]()).
template <class T>
class aligned_buffer {
public:
    constexpr explicit aligned_buffer(std::size_t n) : size_(n == 0 ? 1 : n) {
        if (std::is_constant_evaluated()) {
            elements_ = new T[size_]();
        } else {
            elements_ = static_cast<T*>(::operator new(size_ * sizeof(T), std::align_val_t{block_alignment_bytes}));
            std::uninitialized_value_construct_n(elements_, size_);
        }
    }
    constexpr aligned_buffer(aligned_buffer&& other) noexcept : elements_(other.elements_), size_(other.size_) {
        other.elements_ = nullptr;
    }
    constexpr aligned_buffer(const aligned_buffer& other) : aligned_buffer(other.size_) {
        for (std::size_t k = 0; k < size_; ++k) elements_[k] = other.elements_[k];
    }
    aligned_buffer& operator=(const aligned_buffer&) = delete;
    aligned_buffer& operator=(aligned_buffer&&) = delete;
    constexpr ~aligned_buffer() {
        if (elements_ == nullptr) return;
        if (std::is_constant_evaluated()) {
            delete[] elements_;
        } else {
            std::destroy_n(elements_, size_);
            ::operator delete(elements_, std::align_val_t{block_alignment_bytes});
        }
    }
    constexpr T* data() { return elements_; }
    constexpr const T* data() const { return elements_; }
    constexpr T& operator[](std::size_t i) { return elements_[i]; }
    constexpr const T& operator[](std::size_t i) const { return elements_[i]; }

private:
    T* elements_ = nullptr;
    std::size_t size_;
};

/// A program's block inline: aligned and zeroed where it holds tensors (a kernel's scratch
/// space is never read before it is written, but a block is copied whole in constant
/// evaluation). A program of scalars' block is declared, not value-initialized: every sweep
/// writes an element before it reads it (a constant evaluation that did not would be an
/// error), and zeroing it cost as much as its sweep.
template <class T, std::size_t N>
struct alignas(block_alignment_bytes) aligned_array : std::array<T, N> {};
template <class T, std::size_t N, bool Tensors>
struct inline_block : std::conditional_t<Tensors, aligned_array<T, N>, std::array<T, N>> {
    constexpr explicit inline_block(std::size_t) {
        if constexpr (Tensors)
            for (std::size_t k = 0; k < N; ++k) (*this)[k] = T{};
    }
};
/// A size that is known only at run time (a batched program's blocks).
inline constexpr std::size_t run_time_size = ~std::size_t(0);
/// A block of N elements, made as block<T, N, Tensors> b(n) with n == N or, where N is
/// run_time_size, the run-time size: inline up to the limit, else on the heap (aligned, zeroed).
template <class T, std::size_t N, bool Tensors = false>
using block = std::conditional_t<(N <= inline_storage_limit), inline_block<T, (N == 0 ? 1 : N), Tensors>, aligned_buffer<T>>;
}  // namespace ctgrad::detail
