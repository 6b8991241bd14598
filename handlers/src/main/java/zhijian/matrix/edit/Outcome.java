package zhijian.matrix.edit;

import zhijian.matrix.Matrix;
import zhijian.matrix.MatrixProblem;

/** What an edit came to: a new matrix and a line saying what changed, nothing to change, or why not. */
public sealed interface Outcome {
    /** The matrix after the edit; {@code summary} says what changed, in Chinese, for the change log. */
    record Applied(Matrix matrix, String summary) implements Outcome {}

    /** The edit asks for what the matrix already is (reactivating someone active …): nothing to write. */
    record Unchanged(String summary) implements Outcome {}

    /** Refused; nothing changes. */
    record Refused(MatrixProblem problem) implements Outcome {}
}
