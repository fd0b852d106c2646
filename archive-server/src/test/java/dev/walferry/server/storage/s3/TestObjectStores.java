package dev.walferry.server.storage.s3;

/** In-memory object stores for tests outside this package. */
public final class TestObjectStores {

    private TestObjectStores() {}

    /** A handle on an in-memory bucket. */
    public static final class Handle {
        private final MapObjectStore store = new MapObjectStore();

        public ObjectStore store() {
            return store;
        }

        public void setDown(boolean down) {
            store.down = down;
        }

        public byte[] content(String key) {
            return store.objects.get(key).content();
        }

        public boolean has(String key) {
            return store.objects.containsKey(key);
        }
    }

    public static Handle inMemory() {
        return new Handle();
    }
}
