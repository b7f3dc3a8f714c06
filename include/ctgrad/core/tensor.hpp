// ctgrad/core/tensor.hpp - tensor values: `tensor<T, S>` owns the elements of one static
// shape (what eval and value_and_grad return), `tensor_view<T>` reads elements someone else
// owns (a workspace's gradients). Both are row-major and indexed t(i, j), or t(i) for a vector.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include <ctgrad/core/shape.hpp>
#include <ctgrad/detail/storage_limit.hpp>

namespace ctgrad {

/// Read access shared by tensors and views: t(i, j), t(i), data(), size(), rows(), cols().
template <class Derived, class T>
struct tensor_access {
    constexpr const T& operator()(std::size_t i, std::size_t j) const { return self().data()[i * self().cols() + j]; }
    constexpr const T& operator()(std::size_t i) const { return self().data()[i]; }
    constexpr std::size_t size() const { return self().rows() * self().cols(); }
    constexpr const T* begin() const { return self().data(); }
    constexpr const T* end() const { return self().data() + size(); }

private:
    constexpr const Derived& self() const { return static_cast<const Derived&>(*this); }
};

namespace detail {
template <class T, std::size_t N, bool Inline = (N <= inline_storage_limit)>
struct tensor_storage {
    std::array<T, N> elements{};
    constexpr T* data() { return elements.data(); }
    constexpr const T* data() const { return elements.data(); }
};
template <class T, std::size_t N>
struct tensor_storage<T, N, false> {
    std::unique_ptr<T[]> elements = std::make_unique<T[]>(N);
    tensor_storage() = default;
    tensor_storage(tensor_storage&&) noexcept = default;
    tensor_storage& operator=(tensor_storage&&) noexcept = default;
    tensor_storage(const tensor_storage& other) : tensor_storage() { std::copy_n(other.data(), N, data()); }
    tensor_storage& operator=(const tensor_storage& other) {
        std::copy_n(other.data(), N, data());
        return *this;
    }
    T* data() { return elements.get(); }
    const T* data() const { return elements.get(); }
};
}  // namespace detail

/// The value of a tensor of shape S, owned.
template <class T, shape S>
struct tensor : tensor_access<tensor<T, S>, T> {
    static constexpr ctgrad::shape dims = S;
    detail::tensor_storage<T, S.size()> storage;

    constexpr T* data() { return storage.data(); }
    constexpr const T* data() const { return storage.data(); }
    static constexpr std::size_t rows() { return S.rows; }
    static constexpr std::size_t cols() { return S.cols; }
    using tensor_access<tensor<T, S>, T>::operator();
    constexpr T& operator()(std::size_t i, std::size_t j) { return data()[i * S.cols + j]; }
    constexpr T& operator()(std::size_t i) { return data()[i]; }
};

/// The value of a tensor whose rows are the run-time batch (core/shape.hpp): `dims` is its
/// shape at the bound batch. Owned, on the heap.
template <class T>
struct batch_tensor : tensor_access<batch_tensor<T>, T> {
    std::vector<T> elements;
    ctgrad::shape dims{};

    batch_tensor() = default;
    batch_tensor(std::vector<T> values, ctgrad::shape d) : elements(std::move(values)), dims(d) {}
    T* data() { return elements.data(); }
    const T* data() const { return elements.data(); }
    std::size_t rows() const { return dims.rows; }
    std::size_t cols() const { return dims.cols; }
    using tensor_access<batch_tensor<T>, T>::operator();
    T& operator()(std::size_t i, std::size_t j) { return elements[i * dims.cols + j]; }
    T& operator()(std::size_t i) { return elements[i]; }
};

/// Elements of shape `dims` owned by someone else (a workspace): valid while the owner is.
template <class T>
struct tensor_view : tensor_access<tensor_view<T>, T> {
    const T* elements = nullptr;
    ctgrad::shape dims{};

    constexpr const T* data() const { return elements; }
    constexpr std::size_t rows() const { return dims.rows; }
    constexpr std::size_t cols() const { return dims.cols; }
};
}  // namespace ctgrad
