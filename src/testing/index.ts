// reins/testing: test helpers (the scripted model arrives with the runtime).
export {};
