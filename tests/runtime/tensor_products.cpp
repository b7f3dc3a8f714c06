// Matrix products in every form (tests/tensor_products.hpp): inner extents above 1.
#include "../tensor_products.hpp"

using tensor_products::every_form;

TEST_CASE("matmul in every form: matrices, transposes, vectors, transposed vectors", "[tensor]") {
    every_form<2, 3, 4>();  // matrix products
    every_form<1, 3, 4>();  // a row on the left
    every_form<2, 3, 1>();  // a column on the right
    every_form<1, 3, 1>();  // a row times a column: a 1 x 1 (or a dot product)
}
