package zhijian.testing;

import zhijian.seed.SeedLoader;
import zhijian.seed.Seeds;

import java.nio.file.Path;

/** The project's real {@code seeds/}, loaded once for every test that needs them. */
public final class RealSeeds {
    private static Seeds seeds;

    private RealSeeds() {}

    public static Path dir() {
        String p = System.getProperty("zj.seeds");
        return p != null ? Path.of(p) : Path.of("../seeds");
    }

    public static synchronized Seeds get() {
        if (seeds == null) seeds = SeedLoader.load(dir());
        return seeds;
    }
}
