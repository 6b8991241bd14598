package zhijian.seed;

import zhijian.dispatch.Rules;
import zhijian.matrix.Matrix;

/** Everything {@code seeds/} holds: the matrix (state, loaded into Redis once) and the rules (read every start). */
public record Seeds(Matrix matrix, Rules rules) {
}
