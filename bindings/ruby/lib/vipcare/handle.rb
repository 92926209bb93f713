# frozen_string_literal: true

module Vipcare
  # Raised when a closed object is used.
  class ClosedError < StandardError; end

  # The base of every object that owns one reference to a C handle. The
  # reference is an FFI::AutoPointer whose releaser is the handle's _unref
  # function: it runs once, at #close or when the object is collected (or
  # at exit), in any order with the others, since the C handles are
  # reference counted and each keeps alive what it needs.
  class Handle
    def self.new_pointer(function, *args)
      out = FFI::MemoryPointer.new(:pointer)
      rc = Native.send(function, out, *args)
      Values.fail!(rc, nil) if rc.negative?
      out.read_pointer
    end

    def closed?
      @ptr.nil?
    end

    # Drops this object's reference now (idempotent).
    def close
      ptr = @ptr
      @ptr = nil
      ptr&.free
      nil
    end

    private

    def adopt(pointer, unref)
      @ptr = FFI::AutoPointer.new(pointer, Native.method(unref))
    end

    def handle
      @ptr or raise ClosedError, "this #{self.class.name.split('::').last} is closed"
    end
  end
end
