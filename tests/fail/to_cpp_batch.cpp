// to_cpp of a loss with the run-time batch: the code it writes has static shapes.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"X", batch, 4> X;
constexpr var<"W", 3, 4> W;
int main() { return static_cast<int>(to_cpp(sum(matmul(X, transpose(W))), wrt(W), "f").size()); }
