// tests/tensor_expressions.hpp - reproducible random tensor expressions. Expression number I
// draws its shapes (m x n from 1, 2, 3 by 1, 3, 4; k from 1, 2) and a tree of operations that
// each map (m x n) operands to an (m x n) result, through elementwise operations,
// broadcasting of a row vector v (n), a column c (m x 1) and a scalar s, matmul, transpose,
// reductions and softmax, identical operands (a - a, a / a, mse(a, a): zeros and ones of the
// operand's shape) and products with vectors and transposed vectors; the tree's root
// operation cycles through all of them, and a reduction (sum, mean, a weighted sum, softmax
// cross-entropy, mse) makes it a scalar. Every subtree keeps the shape m x n: a
// simplification never changes a tensor's shape. The third generation is of images
// (N x C x H x W from 1-2 x 1-2 x 2-3 x 2-3): its inner nodes draw from the operations that
// take images (image_operations) and its roots from those only images have: broadcasting
// along any axis, sums along an axis kept, convolution with and without bias, pooling, and
// reshape.
#pragma once
#include <cstddef>
#include <cstdint>
#include <iterator>

#include <ctgrad/ctgrad.hpp>

namespace tensor_expressions {
using namespace ctgrad;
using namespace ctgrad::literals;

constexpr std::uint64_t mix(std::uint64_t s) {  // splitmix64
    s += 0x9e3779b97f4a7c15ull;
    s = (s ^ (s >> 30)) * 0xbf58476d1ce4e5b9ull;
    s = (s ^ (s >> 27)) * 0x94d049bb133111ebull;
    return s ^ (s >> 31);
}

/// Operations are numbered in the order they were added (see apply). Each generation of
/// expressions draws from the operations that existed when it was added, so adding an
/// operation never changes an existing expression (as in tests/random_expressions.hpp): it
/// gets a case in apply and a generation of its own, one line below.
struct generation {
    std::size_t first;  // its first expression number
    int operations;     // inner nodes draw from operations 0 .. operations - 1
    int first_new;      // roots cycle through first_new .. operations - 1
    int image_operations = 0;  // of images: inner nodes draw from the first this many of image_operations
};
inline constexpr generation generations[] = {
    {0, 19, 0},             // elementwise, broadcasting, matmul, transpose, reductions, softmax
    {228, 28, 19},          // identical operands (zeros and ones of a shape), products with vectors
    {273, 40, 28, 26},      // images: broadcasting, axis sums, convolution, pooling, reshape
};
/// The operations that take images (N x C x H x W), in the order they joined.
inline constexpr int image_operations[] = {0,  1,  2,  3,  6,  7,  14, 15, 16, 17, 18, 19, 20,
                                           21, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39};
inline constexpr int operation_count = 40;
inline constexpr int reduction_count = 5;
inline constexpr std::size_t expression_count = 345;  // tests/CMakeLists.txt reads this line

constexpr const generation& generation_of(std::size_t i) {
    std::size_t g = 0;
    while (g + 1 < std::size(generations) && generations[g + 1].first <= i) ++g;
    return generations[g];
}

/// The variables of one expression, for shapes m x n and inner extent k.
template <std::size_t M, std::size_t N, std::size_t K>
struct variables {
    static constexpr var<"M", M, N> matrix{};
    static constexpr var<"P", M, N> other{};
    static constexpr var<"v", N> row{};       // broadcasts over the rows
    static constexpr var<"c", M, 1> column{};  // broadcasts over the columns
    static constexpr var<"s"> scalar{};
    static constexpr var<"K", N, K> inner{};   // matmul partner
    static constexpr var<"R", M, N> weights{};  // data: weighted sums and targets
    static constexpr var<"u", N> across{};      // vector products: a row of n
    static constexpr var<"w", M> down{};        // a vector of m, transposed into a column
    static constexpr var<"d", N, 1> tall{};     // an n x 1 matrix, transposed into a row
};

/// The variables of an image expression, N x C x H x W, under the same names and roles.
template <std::size_t N, std::size_t C, std::size_t H, std::size_t W>
struct image_variables {
    static constexpr std::size_t n = N, c = C, h = H, w = W;
    static constexpr var<"M", N, C, H, W> matrix{};
    static constexpr var<"P", N, C, H, W> other{};
    static constexpr var<"v", W> row{};           // broadcasts along the last axis
    static constexpr var<"c", C, 1, 1> column{};  // one value per channel
    static constexpr var<"s"> scalar{};
    static constexpr var<"K", C, C, 3, 3> inner{};  // a convolution that keeps the size (padding 1)
    static constexpr var<"R", N, C, H, W> weights{};
    static constexpr var<"u", C> across{};     // a convolution's bias
    static constexpr var<"w", H, W> down{};    // one plane, repeated over samples and channels
    static constexpr var<"d", C, H, W> tall{};  // one sample, repeated over the batch
};
/// How many elements a variable of an expression has.
constexpr std::size_t elements(const auto& variable) { return std::remove_cvref_t<decltype(variable)>::shape.size(); }

template <class V, std::uint64_t Seed, int Depth, int Operations, int ImageOperations = 0>
constexpr auto make();

template <int Op, class V, std::uint64_t Seed, int Depth, int Operations, int ImageOperations = 0>
constexpr auto apply() {
    constexpr auto a = make<V, mix(Seed + 1), Depth - 1, Operations, ImageOperations>();
    constexpr auto b = make<V, mix(Seed + 2), Depth - 1, Operations, ImageOperations>();
    if constexpr (Op == 0) return a + b;
    else if constexpr (Op == 1) return a - b;
    else if constexpr (Op == 2) return a * b;
    else if constexpr (Op == 3) return a / (1_c + square(b));
    else if constexpr (Op == 4) return a + V::row;              // a bias
    else if constexpr (Op == 5) return a * V::column;           // a column, stretched
    else if constexpr (Op == 6) return V::scalar * a;           // a scalar, stretched
    else if constexpr (Op == 7) return a - mean(b);             // a reduction, stretched back
    else if constexpr (Op == 8) return matmul(matmul(a, V::inner), transpose(V::inner));  // (m x k) (k x n)
    else if constexpr (Op == 9) return transpose(matmul(V::inner, transpose(matmul(a, V::inner))));  // (A K K^T) as a transpose
    else if constexpr (Op == 10) return softmax(a);
    else if constexpr (Op == 11) return log_softmax(a);
    else if constexpr (Op == 12) return a * sum<0>(b);          // column sums, a row
    else if constexpr (Op == 13) return a + transpose(sum<1>(b));  // row sums, a column
    else if constexpr (Op == 14) {                                 // an elementwise function
        constexpr int f = static_cast<int>((mix(Seed + 3) >> 7) % 11);
        if constexpr (f == 0) return sigmoid(a);
        else if constexpr (f == 1) return tanh(a);
        else if constexpr (f == 2) return relu(a);
        else if constexpr (f == 3) return exp(tanh(a));
        else if constexpr (f == 4) return softplus(a);
        else if constexpr (f == 5) return log_sigmoid(a);
        else if constexpr (f == 6) return sin(a);
        else if constexpr (f == 7) return erf(a);
        else if constexpr (f == 8) return square(a);
        else if constexpr (f == 9) return abs(a);
        else return nn::gelu(a);
    } else if constexpr (Op == 15) return max(a, b);
    else if constexpr (Op == 16) return min(a, b);
    else if constexpr (Op == 17) return named<"h">(a * b);
    else if constexpr (Op == 18) return log(1_c + square(a)) + sqrt(1_c + square(b));
    else if constexpr (Op == 19) return (a - a) + b;  // a zero of a's shape
    else if constexpr (Op == 20) return b * (a / a);  // a one of a's shape
    else if constexpr (Op == 21) return b + nn::mse(a, a);
    else if constexpr (Op == 22) return a * matmul(b, transpose(V::across));  // a matrix times a column: m x 1
    else if constexpr (Op == 23) return a + matmul(transpose(b), V::down);    // a transposed matrix times a vector: n
    else if constexpr (Op == 24) return a - transpose(matmul(V::across, transpose(b)));  // a row times a transpose: m
    else if constexpr (Op == 25) return a * matmul(transpose(V::down), transpose(V::tall));  // outer: (m x 1)(1 x n)
    else if constexpr (Op == 26) return a * matmul(V::down, b);                               // a row times a matrix: n
    else if constexpr (Op == 27) return a + transpose(matmul(transpose(b), transpose(V::down)));  // (n x 1)^T: 1 x n
    // images
    else if constexpr (Op == 28) return a + V::row;                           // along the last axis
    else if constexpr (Op == 29) return a * V::column;                        // per channel
    else if constexpr (Op == 30) return a - mean<1, keepdims>(b);             // the channels' mean, repeated back
    else if constexpr (Op == 31) return a * sum<3, keepdims>(b);              // each row's sum
    else if constexpr (Op == 32) return nn::conv2d<1, 1>(a, V::inner);        // same size
    else if constexpr (Op == 33) return nn::conv2d<1, 1>(tanh(a), V::inner, V::across) + b;  // with a bias
    else if constexpr (Op == 34) return a * mean<3, keepdims>(mean<2, keepdims>(nn::max_pool2d<2, 1>(b)));  // N x C x 1 x 1
    else if constexpr (Op == 35) return a + mean<3, keepdims>(mean<2, keepdims>(nn::avg_pool2d<2, 1>(b)));
    else if constexpr (Op == 36) return reshape<V::n, V::c, V::h, V::w>(tanh(flatten(a)));
    else if constexpr (Op == 37) return a * V::down;   // one plane for every sample and channel
    else if constexpr (Op == 38) return a - V::tall;   // one sample for the batch
    else if constexpr (Op == 39) return a * sum<0>(b);  // the batch's sum, repeated back
    else static_assert(Op < operation_count, "an operation number without a case");
}

/// A random (m x n) subtree at most Depth deep; below the root a leaf 1 time in 3; inner
/// nodes draw from the first `Operations` operations.
template <class V, std::uint64_t Seed, int Depth, int Operations, int ImageOperations>
constexpr auto make() {
    constexpr std::uint64_t r = mix(Seed);
    if constexpr (Depth == 0 || r % 3 == 0) {
        if constexpr ((r >> 8) % 2 == 0) return V::matrix;
        else return V::other;
    } else {
        constexpr int op = ImageOperations > 0 ? image_operations[(r >> 16) % ImageOperations]
                                               : static_cast<int>((r >> 16) % Operations);
        constexpr auto e = apply<op, V, Seed, Depth, Operations, ImageOperations>();
        static_assert(ctgrad::detail::shape_of<std::remove_cvref_t<decltype(e)>>{} == V::matrix.shape);
        return e;
    }
}

inline constexpr std::size_t extents_m[] = {1, 2, 3};
inline constexpr std::size_t extents_n[] = {1, 3, 4};

/// The variables of expression `seed`'s shapes: m x n (k inner), or images.
template <bool Images, std::uint64_t Seed>
struct variables_of {
    static constexpr std::size_t m = extents_m[(Seed >> 3) % 3], n = extents_n[(Seed >> 5) % 3], k = 1 + (Seed >> 9) % 2;
    using type = variables<m, n, k>;
};
template <std::uint64_t Seed>
struct variables_of<true, Seed> {
    using type = image_variables<1 + (Seed >> 3) % 2, 1 + (Seed >> 5) % 2, 2 + (Seed >> 7) % 2, 2 + (Seed >> 9) % 2>;
};

/// Expression number I of its generation g: the root cycles through g's new operations, then
/// the reduction through all five, then the depth bound through 1 .. 3 (the second
/// generation's 45 expressions are of depth 1: its operations over the leaves, which is
/// where their vector products and identical operands are built).
template <std::size_t I>
struct expression_number {
    static constexpr generation g = generation_of(I);
    static constexpr std::size_t roots = static_cast<std::size_t>(g.operations - g.first_new), turn = I - g.first;
    static constexpr std::uint64_t seed = mix(I * 7919 + 101);
    using vars = typename variables_of<(g.image_operations > 0), seed>::type;
    static constexpr int root = g.first_new + static_cast<int>(turn % roots);
    static constexpr int reduction = static_cast<int>((turn / roots) % reduction_count);
    static constexpr int depth = 1 + static_cast<int>((turn / (roots * reduction_count)) % 3);
    static constexpr auto body = apply<root, vars, seed, depth, g.operations, g.image_operations>();
    static_assert(ctgrad::detail::shape_of<std::remove_cvref_t<decltype(body)>>{} == vars::matrix.shape);
    static constexpr auto f = [] {
        if constexpr (reduction == 0) return sum(body);
        else if constexpr (reduction == 1) return mean(body);
        else if constexpr (reduction == 2) return sum(vars::weights * body);
        // (flatten: an image's samples as rows; a matrix stays as it is)
        else if constexpr (reduction == 3) return mean(nn::softmax_cross_entropy(flatten(body), flatten(vars::weights)));
        else return sum(nn::mse(body, vars::weights));
    }();
};
}  // namespace tensor_expressions
