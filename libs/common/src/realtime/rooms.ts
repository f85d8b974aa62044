/** socket.io room names, shared by the api's gateway (joins) and the worker's emitter (sends). */
export const rooms = {
  user: (id: number | string) => `user:${id}`,
  unit: (id: number | string) => `unit:${id}`,
  ticket: (id: number | string) => `ticket:${id}`,
  /** The call-centre floor's live board (大屏): centre staff who asked for it. */
  board: 'board:floor',
};

/** The Redis key prefix the socket.io adapter and emitter share; both sides must agree on it. */
export const socketIoKey = (redisPrefix: string) => `${redisPrefix}:socket.io`;
